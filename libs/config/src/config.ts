import { payoutsFrom, type PayoutsConfig } from './payouts-config';
import * as path from 'node:path';
import { MS_PER_MINUTE, MS_PER_HOUR } from '@hourglass/time';
import { accessFrom, natsAuthFrom, type AccessConfig, type NatsAuthConfig } from './access-config';
import { ConfigError } from './config-error';
import { paymentsFrom, type PaymentsConfig } from './payments-config';
import { webhooksFrom, type WebhooksConfig } from './webhooks-config';
import { riskFrom, type RiskConfig } from './risk-config';
import { dunningFrom, type DunningConfig } from './dunning-config';
import { reconciliationFrom, type ReconciliationConfig } from './reconciliation-config';

export { ConfigError };

/**
 * Every setting Hourglass reads from the environment, parsed and validated once, one section per
 * module: a module is given its own section and never reads another's. Test-only fault switches are
 * not here (see fault-switches.ts).
 */
export interface HourglassConfig {
  nats: NatsConfig;
  redis: RedisConfig;
  clickhouse: ClickHouseConfig;
  http: HttpConfig;
  metering: MeteringConfig;
  billing: BillingConfig;
  rating: RatingJobConfig;
  access: AccessConfig;
  payments: PaymentsConfig;
  ledger: LedgerConfig;
  webhooks: WebhooksConfig;
  finance: FinanceConfig;
  risk: RiskConfig;
  payouts: PayoutsConfig;
  disputes: DisputesConfig;
  dunning: DunningConfig;
  reconciliation: ReconciliationConfig;
  console: ConsoleConfig;
}

export interface FinanceConfig {
  /** DSO window W in days: DSO = receivables outstanding ÷ invoiced in the last W days × W. */
  dsoWindowDays: number;
  /** How long one ClickHouse read of the finance gauges serves scrapes; bounds the cost of many scrapers. */
  metricsMaxAgeMs: number;
}

export interface DisputesConfig {
  /** Who bears a lost dispute: the platform (`dispute_losses`) or the operators by clawback of their share. */
  lossPolicy: 'platform' | 'operator';
  /** Pause between disputes syncs in `serve` (announce, decide losses, gauges); 0: off. */
  syncIntervalMs: number;
}

export interface ConsoleConfig {
  /** The built console (index.html and its assets); null: `dist/console` of this checkout, as `npm run build` writes it. */
  dir: string | null;
}

export interface LedgerConfig {
  /** Pause between ledger syncs in `serve`; 0 leaves posting to POST /v1/ledger/sync. */
  syncIntervalMs: number;
}

export interface NatsConfig {
  /** One server, or several of one cluster, comma-separated. */
  url: string;
  /** How Hourglass authenticates; agents have users of their own (deploy/nats/). */
  auth: NatsAuthConfig;
  /** Replication of the streams Hourglass creates (HOURGLASS_STREAM_REPLICAS, CONTRACTS.md §4). */
  streamReplicas: number;
}

export interface RedisConfig {
  /** The server; with sentinels, only its password and database number are used. */
  url: string;
  /** Redis keys are namespaced so tests and several deployments can share one server. */
  keyPrefix: string;
  /** Redis Sentinel: the sentinels to ask where the primary of `sentinelMaster` is; null: `url` is the server. */
  sentinels: Array<{ host: string; port: number }> | null;
  sentinelMaster: string;
  /** Redis Cluster: seed nodes the client learns the others from; null: not a Cluster. */
  clusterNodes: Array<{ host: string; port: number }> | null;
  /** Replicas that must confirm a dedup claim or a lease (Redis WAIT) before it counts. */
  waitReplicas: number;
}

export interface ClickHouseConfig {
  /** null: embedded chDB under dataDir. */
  url: string | null;
  user: string;
  password: string;
  database: string;
  /** Set to render the migrations ON CLUSTER with Replicated engines. */
  cluster: string | null;
  /** Files of the embedded ClickHouse. */
  dataDir: string;
}

export interface HttpConfig {
  port: number;
  /** The interface the API listens on: loopback unless another is chosen on purpose. */
  host: string;
  /** Where the CLI reaches the API. */
  apiUrl: string;
  /** Largest request body accepted, as body-parser reads it ('50mb', '64kb'); larger ones get 413. */
  bodyLimit: string;
  /** `json` (one JSON object per line), `pretty` (Nest's console lines), or `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat;
}

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface MeteringConfig {
  unknownRentalGraceMs: number;
  /** How often events parked for an unknown rental are looked at again (a quarter of the grace, 0.2–5 s). */
  parkedReviewMs: number;
  consumer: ConsumerConfig;
  /** Dedup keys live this long in Redis; 0 keeps them forever (the contract's "whenever it arrives"). */
  dedupTtlSeconds: number;
}

export interface BillingConfig {
  /** The issuer's code in invoice numbers (HG-2026-000001). */
  entity: string;
  /** 'monthly' closes last month automatically; null leaves billing to `hourglass bill`. */
  schedule: 'monthly' | null;
  /** How long after a month's end the schedule waits before billing it. */
  delayMs: number;
  roundingOverrides: Record<string, string>;
  /** Who issues invoices, as their documents say (legal name, address, tax ID, where to pay). */
  issuer: IssuerConfig;
  /** Days from issue to due date for customers whose document names no `paymentTermsDays`. */
  paymentTermsDays: number;
  /** BCP 47 locale of numbers in invoice documents. */
  documentLocale: string;
  /**
   * A JSON file of tax rules (HOURGLASS_TAX_RULES_FILE; libs/invoicing README "Tax"): the issuer's
   * country, rates by customer country with effective dates, per-line or per-invoice rounding.
   * null (the default): no tax on any invoice.
   */
  taxRulesFile: string | null;
}

export interface IssuerConfig {
  legalName: string;
  address: string[];
  taxId: string | null;
  bankDetails: string[];
  email: string | null;
}

export interface RatingJobConfig {
  /** Pause between the end of one tick and the start of the next; 0 turns the job off in this process. */
  intervalMs: number;
  eventsPerTickMax: number;
  rerateCellsPerTickMax: number;
  /** How long a missing stream sequence below the watermark is waited for. */
  gapTimeoutMs: number;
  gapsMax: number;
  alertMonthsBack: number;
  /** Lease on the job across replicas; many ticks long, renewed by every tick. */
  leaseMs: number;
}

export interface ConsumerConfig {
  durableName: string;
  batchSizeMax: number;
  /** Batches being handled at once: the next one is parsed and claimed while the previous one writes. */
  batchesInFlightMax: number;
  fetchExpiresMs: number;
  ackWaitMs: number;
  /** -1: never give a message up (see loadConfig). */
  maxDeliver: number;
  maxAckPending: number;
}


type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${name}=${raw} is not a whole number >= ${min}; unset it to use ${fallback}`);
  }
  return value;
}

/** Several URLs, comma-separated (the servers of one cluster), each checked as urlFrom does. */
function urlListFrom(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  for (const one of raw.split(',').map((s) => s.trim())) {
    if (one === '') throw new ConfigError(`${name}=${raw} has an empty entry; list servers as ${protocols[0]}//a:4222,${protocols[0]}//b:4222`);
    urlFrom({ [name]: one }, name, null, protocols);
  }
  return raw;
}

/**
 * `REDIS_SENTINELS=host:port,host:port,…` (at least one; three or more in production), or
 * `REDIS_CLUSTER_NODES` in the same form (some nodes of a Redis Cluster; the client finds the rest).
 */
function hostPortsFrom(env: Env, name: 'REDIS_SENTINELS' | 'REDIS_CLUSTER_NODES', example: string): Array<{ host: string; port: number }> | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  return raw.split(',').map((entry) => {
    const match = /^\s*([^\s:]+):(\d{1,5})\s*$/.exec(entry);
    if (!match || Number(match[2]) > 65_535) throw new ConfigError(`${name}=${raw}: "${entry}" is not host:port; list them as ${example}`);
    return { host: match[1]!, port: Number(match[2]) };
  });
}

function redisFrom(env: Env): RedisConfig {
  const sentinels = hostPortsFrom(env, 'REDIS_SENTINELS', 'a:26379,b:26379,c:26379');
  const clusterNodes = hostPortsFrom(env, 'REDIS_CLUSTER_NODES', 'a:6379,b:6379,c:6379');
  if (sentinels && clusterNodes) throw new ConfigError('REDIS_SENTINELS and REDIS_CLUSTER_NODES are both set: Redis is either behind Sentinel or a Cluster; unset one');
  const keyPrefix = env.HOURGLASS_REDIS_PREFIX ?? 'hg:';
  // A brace in the prefix would become every key's hash tag: on a Cluster all keys in one slot, and
  // the dedup claims' own tags (which spread them over the masters) ignored.
  if (clusterNodes && /[{}]/.test(keyPrefix)) throw new ConfigError(`HOURGLASS_REDIS_PREFIX=${keyPrefix} has a brace; on a Redis Cluster it would pin every key to one hash slot`);
  return {
    url: urlFrom(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'])!,
    keyPrefix,
    sentinels,
    sentinelMaster: env.REDIS_SENTINEL_MASTER || 'hourglass',
    clusterNodes,
    // With Sentinel a failover promotes a replica, and on a Cluster a master's replica: what it must
    // already hold is waited for.
    waitReplicas: intFrom(env, 'HOURGLASS_REDIS_WAIT_REPLICAS', sentinels || clusterNodes ? 1 : 0, 0),
  };
}

function urlFrom(env: Env, name: string, fallback: string | null, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}=${raw} is not a URL (expected e.g. ${protocols[0]}//127.0.0.1)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name}=${raw} must use ${protocols.join(' or ')}`);
  }
  return raw;
}

function replicasFrom(env: Env): number {
  const replicas = intFrom(env, 'HOURGLASS_STREAM_REPLICAS', 1, 1);
  if (replicas > 5) throw new ConfigError(`HOURGLASS_STREAM_REPLICAS=${replicas}: JetStream replicates a stream at most 5 times; use 1, or 3 on a three-node cluster`);
  return replicas;
}

/** Multi-line settings (an address, bank details) as one variable, lines separated by `|`. */
function lines(raw: string | undefined): string[] {
  return (raw ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function localeFrom(raw: string | undefined): string {
  const locale = raw || 'en-US';
  try {
    return new Intl.NumberFormat(locale).resolvedOptions().locale === locale ? locale : Intl.getCanonicalLocales(locale)[0]!;
  } catch {
    throw new ConfigError(`HOURGLASS_DOCUMENT_LOCALE=${raw} is not a BCP 47 locale such as en-US or de-DE`);
  }
}

function logFormatFrom(raw: string | undefined): LogFormat {
  const value = (raw ?? 'auto').trim().toLowerCase();
  if (value === 'auto' || value === 'json' || value === 'pretty') return value;
  throw new ConfigError(`HOURGLASS_LOG_FORMAT must be auto, json or pretty, not "${raw}"`);
}

function sizeFrom(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(b|kb|mb)$/i.test(raw.trim())) throw new ConfigError(`${name}=${raw} is not a size like 512kb or 50mb; unset it to use ${fallback}`);
  return raw.trim().toLowerCase();
}

function parseOverrides(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [currency, mode] = pair.split('=').map((s) => s.trim());
    if (!currency || !mode) throw new ConfigError(`HOURGLASS_ROUNDING=${raw}: expected CUR=mode pairs, e.g. CHF=half_even`);
    out[currency.toUpperCase()] = mode;
  }
  return out;
}

/**
 * The default gap timeout outlasts metering's unknown-rental grace (the longest an event can be held
 * back and then written) by five minutes.
 */
function ratingFrom(env: Env, unknownRentalGraceMs: number): RatingJobConfig {
  const intervalMs = intFrom(env, 'HOURGLASS_RATING_INTERVAL_MS', 5_000, 0);
  return {
    intervalMs,
    eventsPerTickMax: intFrom(env, 'HOURGLASS_RATING_EVENTS_PER_TICK', 50_000, 1),
    rerateCellsPerTickMax: intFrom(env, 'HOURGLASS_RATING_RERATE_HOURS_PER_TICK', 5_000, 1),
    gapTimeoutMs: intFrom(env, 'HOURGLASS_RATING_GAP_TIMEOUT_MS', unknownRentalGraceMs + 5 * MS_PER_MINUTE, 0),
    gapsMax: 1_000,
    alertMonthsBack: intFrom(env, 'HOURGLASS_RATING_ALERT_MONTHS_BACK', 1, 0),
    leaseMs: Math.max(60_000, 10 * intervalMs),
  };
}

function scheduleFrom(raw: string | undefined): 'monthly' | null {
  if (raw === undefined || raw === '' || raw === 'off') return null;
  if (raw === 'monthly') return 'monthly';
  throw new ConfigError(`HOURGLASS_BILLING_SCHEDULE=${raw}: expected monthly or off`);
}

export function loadConfig(env: Env = process.env): HourglassConfig {
  const httpPort = intFrom(env, 'HOURGLASS_HTTP_PORT', 8080, 0);
  const ackWaitMs = intFrom(env, 'HOURGLASS_ACK_WAIT_MS', 60_000, 1_000);
  const graceMs = intFrom(env, 'HOURGLASS_UNKNOWN_RENTAL_GRACE_MS', 600_000, 0);
  // Two is enough to overlap one batch's write with the next one's parsing; each more holds a batch.
  const batchesInFlightMax = intFrom(env, 'HOURGLASS_BATCHES_IN_FLIGHT', 2, 1);
  if (batchesInFlightMax > 8) throw new ConfigError(`HOURGLASS_BATCHES_IN_FLIGHT=${batchesInFlightMax} is more than 8; unset it to use 2`);
  // 10,000: a chDB insert has a fixed cost (a new part, merged later). Inserts and merges cost ~12 µs
  // an event at 2,000 rows, ~6 at 5,000; in a full catch-up (bench/README.md, 2026-12-04) chDB's threads
  // spent 18–26 µs an event at 5,000 and ~16 at 10,000, and the drain went from 28–37k to 39–41k
  // events/s; 20,000 gained nothing more. Bounded: every batch in flight, and the one arriving, is held
  // whole, and a batch is claimed by one Redis script call per dedup bucket (16 at most).
  const batchSizeMax = intFrom(env, 'HOURGLASS_BATCH_SIZE', 10_000, 1);
  if (batchSizeMax > 20_000) throw new ConfigError(`HOURGLASS_BATCH_SIZE=${batchSizeMax} is more than 20000; unset it to use 10000`);
  const dataDir = path.resolve(env.HOURGLASS_DATA_DIR ?? './.hourglass');
  return {
    nats: { url: urlListFrom(env, 'NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']), auth: natsAuthFrom(env), streamReplicas: replicasFrom(env) },
    redis: redisFrom(env),
    clickhouse: {
      url: urlFrom(env, 'CLICKHOUSE_URL', null, ['http:', 'https:']),
      user: env.CLICKHOUSE_USER ?? 'default',
      password: env.CLICKHOUSE_PASSWORD ?? '',
      database: env.CLICKHOUSE_DATABASE ?? 'hourglass',
      cluster: env.CLICKHOUSE_CLUSTER || null,
      dataDir,
    },
    http: {
      port: httpPort,
      host: env.HOURGLASS_HTTP_HOST || '127.0.0.1',
      apiUrl: env.HOURGLASS_API ?? `http://127.0.0.1:${httpPort || 8080}`,
      bodyLimit: sizeFrom(env, 'HOURGLASS_HTTP_BODY_LIMIT', '50mb'),
      logFormat: logFormatFrom(env.HOURGLASS_LOG_FORMAT),
    },
    metering: {
      unknownRentalGraceMs: graceMs,
      parkedReviewMs: Math.max(200, Math.min(5_000, Math.floor(graceMs / 4) || 200)),
      consumer: {
        durableName: env.HOURGLASS_CONSUMER ?? 'metering',
        batchSizeMax,
        batchesInFlightMax,
        fetchExpiresMs: intFrom(env, 'HOURGLASS_FETCH_EXPIRES_MS', 1_000, 1_000),
        ackWaitMs,
        // Unlimited, on purpose: JetStream drops a message past max_deliver without a trace, and a usage
        // message is only ever redelivered for a reason that passes (an outage, a crash); bad input is
        // rejected and kept, and an event whose rental is not known yet is parked, never retried.
        maxDeliver: -1,
        maxAckPending: intFrom(env, 'HOURGLASS_MAX_ACK_PENDING', 200_000, 1_000),
      },
      dedupTtlSeconds: intFrom(env, 'HOURGLASS_DEDUP_TTL_SECONDS', 0, 0),
    },
    billing: {
      entity: env.HOURGLASS_BILLING_ENTITY ?? 'HG',
      schedule: scheduleFrom(env.HOURGLASS_BILLING_SCHEDULE),
      delayMs: intFrom(env, 'HOURGLASS_BILLING_DELAY_HOURS', 6, 0) * MS_PER_HOUR,
      roundingOverrides: parseOverrides(env.HOURGLASS_ROUNDING),
      issuer: {
        legalName: env.HOURGLASS_ISSUER_NAME || 'Hourglass',
        address: lines(env.HOURGLASS_ISSUER_ADDRESS),
        taxId: env.HOURGLASS_ISSUER_TAX_ID || null,
        bankDetails: lines(env.HOURGLASS_ISSUER_BANK),
        email: env.HOURGLASS_ISSUER_EMAIL || null,
      },
      paymentTermsDays: intFrom(env, 'HOURGLASS_PAYMENT_TERMS_DAYS', 30, 0),
      documentLocale: localeFrom(env.HOURGLASS_DOCUMENT_LOCALE),
      taxRulesFile: env.HOURGLASS_TAX_RULES_FILE || null,
    },
    rating: ratingFrom(env, graceMs),
    access: accessFrom(env, dataDir, intFrom),
    payments: paymentsFrom(env),
    ledger: { syncIntervalMs: intFrom(env, 'HOURGLASS_LEDGER_SYNC_INTERVAL_MS', 5_000, 0) },
    webhooks: webhooksFrom(env, dataDir, intFrom),
    finance: {
      dsoWindowDays: intFrom(env, 'HOURGLASS_DSO_WINDOW_DAYS', 90, 1),
      metricsMaxAgeMs: intFrom(env, 'HOURGLASS_FINANCE_METRICS_MAX_AGE_MS', 30_000, 0),
    },
    risk: riskFrom(env),
    payouts: payoutsFrom(env),
    disputes: { lossPolicy: lossPolicyFrom(env.HOURGLASS_DISPUTE_LOSS_POLICY), syncIntervalMs: intFrom(env, 'HOURGLASS_DISPUTES_SYNC_INTERVAL_MS', 5_000, 0) },
    dunning: dunningFrom(env),
    reconciliation: reconciliationFrom(env),
    console: { dir: env.HOURGLASS_CONSOLE_DIR ? path.resolve(env.HOURGLASS_CONSOLE_DIR) : null },
  };
}

function lossPolicyFrom(raw: string | undefined): DisputesConfig['lossPolicy'] {
  if (raw === undefined || raw === '' || raw === 'platform') return 'platform';
  if (raw === 'operator') return 'operator';
  throw new ConfigError(`HOURGLASS_DISPUTE_LOSS_POLICY=${raw}: use platform or operator`);
}

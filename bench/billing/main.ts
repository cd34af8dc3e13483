import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClickHouse, migrate, queryRows, useDatabase, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import type { Customer, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';
import { ClickHouseBillingRepository } from '@hourglass/invoicing';
import { ClickHouseInvoicingFacts, ClickHouseLedgerStore, invoicingFeeds, LedgerPostingJob } from '@hourglass/ledger';
import { BillingRunService, type BillingRunResult } from '@hourglass/invoicing';
import { startLocalRedis, type LocalService } from '@hourglass/platform';
import { ClickHousePayoutStatementRepository, RecordPayoutStatements } from '@hourglass/payouts';
import { connectRedis } from '@hourglass/redis';
import { ClickHouseReferenceRepository } from '@hourglass/reference';
import { ReferenceCache } from '@hourglass/reference';
import { ClickHouseFactStore, ClickHouseOutboxRepository, FencedLeaseRunner, RedisLeaseStore, systemClock } from '@hourglass/kernel';

/**
 * Billing benchmark: bills one month for N customers × M rentals from embedded ClickHouse with the real
 * BillingRunService, ClickHouseBillingRepository, the kernel's RedisLeaseStore (a private redis-server), wired
 * by hand as invoicing.module.ts wires them. The data is generated straight into ClickHouse (reference
 * data through the reference repository, usage rows with one INSERT … SELECT), loaded into the reference
 * cache as `hourglass serve` does at start, and then one billing run is timed. One line of figures on
 * stdout, progress on stderr.
 */

const USAGE = `usage: node dist/bench/billing/main.js [--customers N] [--rentals-per-customer M] [--events-per-rental E]
  --customers             default 10000
  --rentals-per-customer  default 30 (one in 30 is reserved, one in 5 spot, the rest on demand)
  --events-per-rental     default 3 (one-hour reports every 50 minutes: each overlaps the previous)`;

const PERIOD = '2026-09';
const SEP_MS = Date.parse('2026-09-01T00:00:00Z');
const CHUNK_DOCUMENTS = 50_000;
const CURRENCIES = ['USD', 'EUR', 'JPY', 'BHD'] as const;
const GPU_MODELS = ['H100-SXM-80GB', 'A100-80GB', 'RTX-4090'] as const;
const GPU_COUNTS = [1, 2, 4, 8] as const;
/** Per GPU-hour, on demand / spot / reserved, in each currency; v2 (from mid-September) is dearer. */
const PRICES: Record<(typeof CURRENCIES)[number], Record<(typeof GPU_MODELS)[number], [string, string, string]>> = {
  USD: { 'H100-SXM-80GB': ['2.49', '1.79', '1.99'], 'A100-80GB': ['1.59', '1.09', '1.29'], 'RTX-4090': ['0.445', '0.2875', '0.35'] },
  EUR: { 'H100-SXM-80GB': ['2.29', '1.65', '1.83'], 'A100-80GB': ['1.46', '1.00', '1.19'], 'RTX-4090': ['0.41', '0.26', '0.32'] },
  JPY: { 'H100-SXM-80GB': ['374', '269', '299'], 'A100-80GB': ['239', '164', '194'], 'RTX-4090': ['67', '43', '53'] },
  BHD: { 'H100-SXM-80GB': ['0.939', '0.675', '0.750'], 'A100-80GB': ['0.599', '0.411', '0.486'], 'RTX-4090': ['0.168', '0.108', '0.132'] },
};

const progress = (line: string) => process.stderr.write(`[bench:billing] ${line}\n`);

/** Peak resident set of this process so far (the kernel's high-water mark), in MiB; chDB lives in it too. */
function peakRssMiB(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 1024 / 1024);
}

function seconds(fromMs: number): string {
  return ((performance.now() - fromMs) / 1000).toFixed(1);
}

function priceBooks(): PriceBookVersion[] {
  return CURRENCIES.flatMap((currency) =>
    [1, 2].map((version) => ({
      priceBookId: `pb-${currency.toLowerCase()}`,
      version,
      effectiveFromMs: version === 1 ? Date.parse('2026-01-01T00:00:00Z') : Date.parse('2026-09-16T00:00:00Z'),
      currency,
      platformFeeRate: '0.15',
      rates: GPU_MODELS.flatMap((gpuModel) =>
        (['on_demand', 'spot', 'reserved'] as const).map((pricingClass, i) => ({
          gpuModel,
          pricingClass,
          // v2 adds a tenth of the minor-unit scale, so lines round differently from v1's.
          unitPrice: version === 1 ? PRICES[currency][gpuModel][i]! : bump(PRICES[currency][gpuModel][i]!),
          tiers: null,
          tierMode: null,
          packageGpuHours: null,
          minimumCharge: null,
        })),
      ),
    })),
  );
}

function bump(price: string): string {
  const [whole, fraction = ''] = price.split('.');
  return fraction ? `${whole}.${fraction}1` : `${BigInt(whole!) + 1n}`;
}

function customerOf(c: number): Customer {
  return { customerId: `c-${c}`, name: `Customer ${c}`, currency: CURRENCIES[c % CURRENCIES.length]!, country: null, creditLimit: null, updatedAtMs: Date.parse('2026-07-01T00:00:00Z') };
}

function rentalOf(r: number, rentalsPerCustomer: number): Rental {
  const c = Math.floor(r / rentalsPerCustomer);
  const reserved = r % 30 === 29;
  const startedAtMs = reserved ? SEP_MS - 20 * 86_400_000 + (r % 1000) * 37_013 : Date.parse('2026-08-01T00:00:00Z');
  return {
    rentalId: `r-${r}`,
    customerId: `c-${c}`,
    operatorId: `op-${r % 50}`,
    datacenterId: `dc-${r % 50}`,
    nodeId: `node-${r % 97}`,
    gpuModel: GPU_MODELS[r % GPU_MODELS.length]!,
    gpuCount: GPU_COUNTS[r % GPU_COUNTS.length]!,
    pricingClass: reserved ? 'reserved' : r % 5 === 0 ? 'spot' : 'on_demand',
    priceBookId: `pb-${CURRENCIES[c % CURRENCIES.length]!.toLowerCase()}`,
    startedAtMs,
    endedAtMs: null,
    commitment: reserved ? { termMonths: 1 + (r % 3), autoRenew: r % 2 === 0 } : null,
    updatedAtMs: startedAtMs,
  };
}

async function loadReference(client: ClickHouseClient, database: string, customers: number, rentalsPerCustomer: number): Promise<void> {
  const repository = new ClickHouseReferenceRepository(client, database);
  const books: ReferenceDocument[] = priceBooks().map((doc) => ({ kind: 'priceBook', doc }));
  await repository.append(books, Date.now());
  for (let from = 0; from < customers; from += CHUNK_DOCUMENTS) {
    const docs: ReferenceDocument[] = [];
    for (let c = from; c < Math.min(customers, from + CHUNK_DOCUMENTS); c++) docs.push({ kind: 'customer', doc: customerOf(c) });
    await repository.append(docs, Date.now());
  }
  const rentals = customers * rentalsPerCustomer;
  for (let from = 0; from < rentals; from += CHUNK_DOCUMENTS) {
    const docs: ReferenceDocument[] = [];
    for (let r = from; r < Math.min(rentals, from + CHUNK_DOCUMENTS); r++) docs.push({ kind: 'rental', doc: rentalOf(r, rentalsPerCustomer) });
    await repository.append(docs, Date.now());
    progress(`reference: ${Math.min(rentals, from + CHUNK_DOCUMENTS)} of ${rentals} rentals`);
  }
}

/**
 * Accepted usage rows, generated inside ClickHouse: rental r reports `events` one-hour intervals 50
 * minutes apart (so each overlaps the one before by 10 minutes), starting at a rental-specific hour of
 * September. Mirrors rentalOf's ids, models and counts.
 */
async function loadUsage(client: ClickHouseClient, database: string, rentals: number, rentalsPerCustomer: number, events: number): Promise<number> {
  const rows = rentals * events;
  await client.command({
    query: `INSERT INTO \`${database}\`.usage_outcomes
      (stream_seq, outcome, reason, detail, source, id, first_seq, rental_id, customer_id, operator_id, datacenter_id, node_id,
       gpu_model, gpu_count, interval_start, interval_end, event_time, subject, raw, received_at)
      SELECT n + 1, 'accepted', '', '', concat('agent://op-', toString(r % 50), '/dc-', toString(r % 50), '/node-', toString(r % 97)),
        concat('e-', toString(n)), 0, concat('r-', toString(r)), concat('c-', toString(intDiv(r, ${rentalsPerCustomer}))),
        concat('op-', toString(r % 50)), concat('dc-', toString(r % 50)), concat('node-', toString(r % 97)),
        [${GPU_MODELS.map((m) => `'${m}'`).join(', ')}][r % ${GPU_MODELS.length} + 1], [${GPU_COUNTS.join(', ')}][r % ${GPU_COUNTS.length} + 1],
        start, start + toIntervalHour(1), start + toIntervalHour(1), concat('usage.v1.op-', toString(r % 50), '.dc-', toString(r % 50)), '',
        start + toIntervalHour(1)
      FROM (
        SELECT number AS n, intDiv(number, ${events}) AS r, number % ${events} AS k,
          toDateTime64(${SEP_MS / 1000}, 3, 'UTC') + toIntervalHour(r % 600) + toIntervalMinute(k * 50) AS start
        FROM numbers(${rows})
      )`,
  });
  return rows;
}

/** Prepaid credit for one customer in ten. */
async function loadGrants(client: ClickHouseClient, database: string, customers: number): Promise<void> {
  await client.command({
    query: `INSERT INTO \`${database}\`.credit_grants (grant_id, customer_id, currency, amount, priority, expires_at, granted_at, description)
      SELECT concat('g-', toString(c)), concat('c-', toString(c)), [${CURRENCIES.map((x) => `'${x}'`).join(', ')}][c % 4 + 1],
        [toDecimal128('50.00', 12), toDecimal128('40.00', 12), toDecimal128('6000', 12), toDecimal128('20.000', 12)][c % 4 + 1],
        0, NULL, toDateTime64('2026-08-01 00:00:00', 3, 'UTC'), ''
      FROM (SELECT number * 10 AS c FROM numbers(${Math.ceil(customers / 10)}))`,
  });
}

/** Wraps every method of `target` to add its wall time to `into`, so the run's I/O can be told from its computing. */
function timed<T extends object>(target: T, into: Map<string, { calls: number; ms: number }>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const startedMs = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        } finally {
          const t = into.get(String(property)) ?? { calls: 0, ms: 0 };
          t.calls += 1;
          t.ms += performance.now() - startedMs;
          into.set(String(property), t);
        }
      };
    },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '10000' },
      'rentals-per-customer': { type: 'string', default: '30' },
      'events-per-rental': { type: 'string', default: '3' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const customers = Number(values.customers);
  const rentalsPerCustomer = Number(values['rentals-per-customer']);
  const eventsPerRental = Number(values['events-per-rental']);
  for (const [name, n] of [['customers', customers], ['rentals-per-customer', rentalsPerCustomer], ['events-per-rental', eventsPerRental]] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-billing-'));
  let redis: LocalService | null = null;
  let client: ClickHouseClient | null = null;
  try {
    redis = await startLocalRedis();
    const config: HourglassConfig = loadConfig({ ...process.env, HOURGLASS_DATA_DIR: path.join(dir, 'chdb'), CLICKHOUSE_DATABASE: 'bench', CLICKHOUSE_URL: '', REDIS_URL: redis.url });
    const database = config.clickhouse.database;
    client = createClickHouse(config);
    await migrate(client, { database, cluster: null, dedupWindow: 10_000 }, systemClock);
    client = await useDatabase(client, config, database);

    const setupMs = performance.now();
    const rentals = customers * rentalsPerCustomer;
    await loadReference(client, database, customers, rentalsPerCustomer);
    const usageRows = await loadUsage(client, database, rentals, rentalsPerCustomer, eventsPerRental);
    await loadGrants(client, database, customers);
    progress(`generated ${customers} customers, ${rentals} rentals, ${usageRows} usage rows in ${seconds(setupMs)} s`);

    // What `hourglass serve` does at start: the reference cache is loaded from ClickHouse.
    const cacheMs = performance.now();
    const references = new ClickHouseReferenceRepository(client, database);
    const cache = new ReferenceCache();
    cache.load(await references.loadCurrent());
    progress(`reference cache loaded in ${seconds(cacheMs)} s (${JSON.stringify(cache.counts())})`);

    const redisClient = await connectRedis({ url: redis.url, keyPrefix: 'bench:' });
    const timings = new Map<string, { calls: number; ms: number }>();
    const service = new BillingRunService(
      timed(new ClickHouseBillingRepository(client, database, systemClock), timings),
      timed(new RecordPayoutStatements(new ClickHousePayoutStatementRepository(client, database)), timings),
      new FencedLeaseRunner(new RedisLeaseStore(redisClient), systemClock),
      {
        rentals: () => cache.allRentals(),
        priceBooks: () => {
          const books = new Map<string, PriceBookVersion[]>();
          for (const v of cache.allPriceBooks()) books.set(v.priceBookId, [...(books.get(v.priceBookId) ?? []), v]);
          return books;
        },
        rentalHistory: timed({ rentalHistory: (id: string) => references.rentalHistory(id) }, timings).rentalHistory,
      },
      // Usage is written straight into ClickHouse: nothing is in flight, every row is there.
      { undelivered: async () => 0, ackFloor: async () => null },
      systemClock,
      { billingEntity: 'HG', roundingOverrides: {}, ingestWaitMs: 0, leaseMs: 30_000 },
      timed(new ClickHouseOutboxRepository(client, database, systemClock), timings),
    );

    const ticker = setInterval(() => progress(`billing ${PERIOD}… RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB`), 5_000);
    // The run's longest synchronous stretch: the lock's lease (30 s) cannot be renewed during it.
    const stalls = monitorEventLoopDelay({ resolution: 20 });
    stalls.enable();
    const runMs = performance.now();
    let result: BillingRunResult;
    try {
      result = await service.run(PERIOD);
    } finally {
      clearInterval(ticker);
      stalls.disable();
    }
    const stallMaxS = stalls.max / 1e9;
    const runSeconds = (performance.now() - runMs) / 1000;
    redisClient.disconnect();
    const io = [...timings.entries()].sort(([, a], [, b]) => b.ms - a.ms);
    const ioMs = io.reduce((sum, [, t]) => sum + t.ms, 0);
    progress(`ClickHouse calls: ${io.map(([name, t]) => `${name} ${t.calls}× ${(t.ms / 1000).toFixed(1)} s`).join(', ')}; the rest (${(runSeconds - ioMs / 1000).toFixed(1)} s) is computing`);

    const [counted] = await queryRows<{ lines: string; statements: string }>(
      client,
      `SELECT (SELECT count() FROM invoice_lines) AS lines, (SELECT count() FROM payout_statements) AS statements`,
    );
    if (result.failures.length > 0) progress(`${result.failures.length} customers failed, e.g. ${JSON.stringify(result.failures[0])}`);
    const figures = {
      bench: 'billing',
      customers,
      rentals,
      usageRows,
      invoices: result.invoices,
      lines: Number(counted!.lines),
      payoutStatements: Number(counted!.statements),
      seconds: Number(runSeconds.toFixed(2)),
      invoicesPerSecond: Math.round(result.invoices / runSeconds),
      peakRssMiB: peakRssMiB(),
      eventLoopStallMaxSeconds: Number(stallMaxS.toFixed(2)),
    };
    process.stdout.write(
      `billing ${PERIOD}: ${figures.invoices} invoices, ${figures.lines} lines, ${figures.payoutStatements} payout statements ` +
        `for ${customers} customers × ${rentalsPerCustomer} rentals (${usageRows} usage rows) in ${figures.seconds} s, ` +
        `${figures.invoicesPerSecond} invoices/s, peak RSS ${figures.peakRssMiB} MiB, longest event-loop stall ${figures.eventLoopStallMaxSeconds} s ` +
        `${JSON.stringify(figures)}\n`,
    );

    // The ledger's posting job over the run's invoices, as serve's tick runs it; a second sync finds nothing.
    const ledgerTimings = new Map<string, { calls: number; ms: number }>();
    const ledger = new LedgerPostingJob(
      invoicingFeeds(timed(new ClickHouseInvoicingFacts(client, database), ledgerTimings)),
      timed(new ClickHouseLedgerStore(client, database, new ClickHouseFactStore(client, database)), ledgerTimings),
      { nowMs: () => Date.now() },
    );
    const ledgerMs = performance.now();
    const posted = await ledger.sync();
    const ledgerSeconds = (performance.now() - ledgerMs) / 1000;
    progress(`ledger calls: ${[...ledgerTimings.entries()].map(([name, t]) => `${name} ${t.calls}× ${(t.ms / 1000).toFixed(1)} s`).join(', ')}`);
    const againMs = performance.now();
    await ledger.sync();
    const [entries] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM ledger_entries');
    const transactions = Object.values(posted.posted).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `ledger sync: ${transactions} transactions, ${entries!.n} postings in ${ledgerSeconds.toFixed(2)} s ` +
        `(${Math.round(transactions / ledgerSeconds)} transactions/s); a second sync took ${seconds(againMs)} s and posted nothing\n`,
    );
  } finally {
    await client?.close().catch(() => undefined);
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench:billing] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { coveredPiecesSql, createClickHouse, insertRows, migrate, queryRows, useDatabase, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { parseReferenceDocument, type ReferenceDocument } from '@hourglass/contracts';
import { systemClock } from '@hourglass/kernel';
import { ClickHouseReferenceRepository } from '@hourglass/reference';
import { buildFleet, generateUsage, referenceDocuments } from '@hourglass/simulation';
import { ClickHouseUsageRepository, UsageQueryService, type UsagePage } from '@hourglass/usage';

/**
 * Usage-query benchmark: a month of the demo (`hourglass demo --days 31`: its fleet, seed 42, 6
 * customers × 3 rentals, agents reporting every minute with the demo's resends, overlaps, reordering
 * and bad payloads) written straight into embedded ClickHouse as metering would have written it,
 * then GET /v1/usage's use case (UsageQueryService over ClickHouseUsageRepository) grouped by day and
 * GPU model, timed. Its total is checked against the billing run's covered time (coveredPiecesSql,
 * clipped to each rental's window, times its GPU count) to the GPU-millisecond. One line of figures
 * on stdout, progress on stderr.
 */

const USAGE = `usage: node dist/bench/usage/main.js [--customers N] [--days D] [--step-ms S] [--runs R] [--group-by KEYS] [--window W] [--tz ZONE]
  --customers  default 6 (the demo's), 3 rentals each
  --days       default 31 (the whole of October 2026)
  --step-ms    default 60000 (the demo's agents report every minute)
  --runs       default 10 timed queries after one warm-up
  --group-by   default gpuModel
  --window     default day
  --tz         default UTC
  --batch      default 5000 (metering's insert batch: one part each, merged in the background)
  --data-dir   keep the seeded ClickHouse data here and reuse it on the next run (default: a temporary directory, removed)
  --optimize   merge usage_outcomes into one part before timing (OPTIMIZE … FINAL)`;

const OCT = Date.parse('2026-10-01T00:00:00Z');
const NOV = Date.parse('2026-11-01T00:00:00Z');
const DAY_MS = 86_400_000;

const progress = (line: string) => process.stderr.write(`[bench:usage] ${line}\n`);

interface OutcomeRow {
  stream_seq: number;
  outcome: 'accepted' | 'duplicate' | 'rejected';
  reason: string;
  source: string;
  id: string;
  rental_id: string;
  customer_id: string;
  operator_id: string;
  datacenter_id: string;
  node_id: string;
  gpu_model: string;
  gpu_count: number;
  interval_start: string;
  interval_end: string;
  gpu_utilization_pct: number | null;
  energy_wh: number | null;
  subject: string;
  received_at: string;
}

const chTime = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/** The demo's usage as metering writes it: one usage_outcomes row per message, accepted, duplicate or rejected. */
async function loadUsage(client: ClickHouseClient, database: string, fleet: ReturnType<typeof buildFleet>, days: number, stepMs: number, batchSize: number): Promise<Record<string, number>> {
  const customerOf = new Map(fleet.rentals.map((r) => [r.rentalId, r.customerId]));
  const counts: Record<string, number> = { accepted: 0, duplicate: 0, rejected: 0 };
  let batch: OutcomeRow[] = [];
  let seq = 0;
  const flush = async () => {
    await insertRows(client, `\`${database}\`.usage_outcomes`, batch);
    batch = [];
  };
  const messages = generateUsage(fleet, {
    seed: 7,
    stepMs,
    fromMs: NOV - days * DAY_MS,
    toMs: NOV,
    faults: { resendRate: 0.01, resendUnkeyedShare: 1, overlapRate: 0.01, outOfOrderRate: 0.01, badRate: 0.005 },
  });
  const received = chTime(new Date(NOV + DAY_MS).toISOString());
  for (const m of messages) {
    seq += 1;
    const outcome = m.expected.kind === 'good' ? 'accepted' : m.expected.kind === 'duplicate' ? 'duplicate' : 'rejected';
    counts[outcome]! += 1;
    let event: { id?: string; source?: string; data?: Record<string, unknown> } = {};
    try {
      const parsed: unknown = JSON.parse(m.data);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) event = parsed as typeof event;
    } catch {
      // malformed_json: a rejection with no fields
    }
    const d = (outcome === 'accepted' && typeof event.data === 'object' && event.data !== null ? event.data : undefined) ?? {};
    const rentalId = typeof d.rentalId === 'string' ? d.rentalId : '';
    batch.push({
      stream_seq: seq,
      outcome,
      reason: m.expected.kind === 'bad' ? m.expected.reason : '',
      source: String(event.source ?? ''),
      id: String(event.id ?? ''),
      rental_id: rentalId,
      customer_id: customerOf.get(rentalId) ?? '',
      operator_id: String(d.operatorId ?? ''),
      datacenter_id: String(d.datacenterId ?? ''),
      node_id: String(d.nodeId ?? ''),
      gpu_model: String(d.gpuModel ?? ''),
      gpu_count: Number(d.gpuCount ?? 0),
      interval_start: chTime(String(d.intervalStart ?? '1970-01-01T00:00:00.000Z')),
      interval_end: chTime(String(d.intervalEnd ?? '1970-01-01T00:00:00.000Z')),
      gpu_utilization_pct: typeof d.gpuUtilizationPct === 'number' ? d.gpuUtilizationPct : null,
      energy_wh: typeof d.energyWh === 'number' ? d.energyWh : null,
      subject: m.subject,
      received_at: received,
    });
    if (batch.length >= batchSize) {
      await flush();
      if (seq % 100_000 < batchSize) progress(`usage: ${seq} messages written`);
    }
  }
  await flush();
  return counts;
}

/** Covered GPU-ms of [from, to) as the billing run reads it: coveredPiecesSql, clipped to each rental's window. */
async function billedGpuMs(client: ClickHouseClient, database: string): Promise<bigint> {
  const db = `\`${database}\``;
  const [row] = await queryRows<{ gpu_ms: string }>(
    client,
    `SELECT toString(sum(toUInt64(greatest(0, least(p.piece_end_ms, ifNull(toUnixTimestamp64Milli(r.ended_at), p.piece_end_ms), {toMs:Int64})
        - greatest(p.piece_start_ms, toUnixTimestamp64Milli(r.started_at), {fromMs:Int64}))) * r.gpu_count)) AS gpu_ms
     FROM (${coveredPiecesSql(db, `interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')`)}) AS p
     INNER JOIN ${db}.rentals AS r ON r.rental_id = p.rental_id`,
    { fromMs: OCT, toMs: NOV },
  );
  return BigInt(row!.gpu_ms);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '6' },
      days: { type: 'string', default: '31' },
      'step-ms': { type: 'string', default: '60000' },
      runs: { type: 'string', default: '10' },
      'group-by': { type: 'string', default: 'gpuModel' },
      window: { type: 'string', default: 'day' },
      tz: { type: 'string', default: 'UTC' },
      batch: { type: 'string', default: '5000' },
      optimize: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const customers = Number(values.customers);
  const days = Number(values.days);
  const stepMs = Number(values['step-ms']);
  const runs = Number(values.runs);
  const batchSize = Number(values.batch);
  for (const [name, n] of [['customers', customers], ['days', days], ['step-ms', stepMs], ['runs', runs], ['batch', batchSize]] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
  }
  if (days > 31) throw new Error(`--days must be at most 31\n${USAGE}`);

  const kept = values['data-dir'];
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-usage-'));
  let client: ClickHouseClient | null = null;
  try {
    const config = loadConfig({ ...process.env, HOURGLASS_DATA_DIR: path.join(dir, 'chdb'), CLICKHOUSE_DATABASE: 'bench', CLICKHOUSE_URL: '' });
    const database = config.clickhouse.database;
    client = createClickHouse(config);
    await migrate(client, { database, cluster: null, dedupWindow: 10_000 }, systemClock);
    client = await useDatabase(client, config, database);

    const setupMs = performance.now();
    const [existing] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM usage_outcomes');
    const reuse = kept !== undefined && Number(existing!.n) > 0;
    const fleet = buildFleet({ seed: 42, customers, rentalsPerCustomer: 3, operators: 3, currencies: ['USD', 'EUR', 'JPY', 'BHD'], periodStartMs: OCT, periodEndMs: NOV, priceChangeAtMs: NOV - Math.ceil(days / 2) * DAY_MS });
    const documents: ReferenceDocument[] = referenceDocuments(fleet).map((input) => {
      const parsed = parseReferenceDocument(input);
      if (!parsed.ok) throw new Error(`fleet document refused: ${parsed.errors.join('; ')}`);
      return parsed.value;
    });
    let counts: Record<string, number>;
    if (reuse) {
      const rows = await queryRows<{ outcome: string; n: string }>(client, 'SELECT toString(outcome) AS outcome, count() AS n FROM usage_outcomes GROUP BY outcome');
      counts = { accepted: 0, duplicate: 0, rejected: 0, ...Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)])) };
      progress(`reusing the data in ${dir}`);
    } else {
      await new ClickHouseReferenceRepository(client, database).append(documents, Date.now());
      counts = await loadUsage(client, database, fleet, days, stepMs, batchSize);
    }
    if (values.optimize) await client.command({ query: `OPTIMIZE TABLE \`${database}\`.usage_outcomes FINAL` });
    const [parts] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM system.parts WHERE database = {db:String} AND table = 'usage_outcomes' AND active`, { db: database });
    progress(`${fleet.rentals.length} rentals, ${JSON.stringify(counts)} written in ${((performance.now() - setupMs) / 1000).toFixed(1)} s; usage_outcomes in ${parts!.n} parts`);

    const service = new UsageQueryService(new ClickHouseUsageRepository(client, database));
    const params = { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', window: values.window, tz: values.tz, groupBy: values['group-by'] };
    let page: UsagePage = await service.execute(params);
    const timings: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      page = await service.execute(params);
      timings.push(performance.now() - started);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const queried = page.rows.reduce((s, r) => s + BigInt(r.gpuMs), 0n);
    const billed = await billedGpuMs(client, database);
    const figures = {
      bench: 'usage',
      rentals: fleet.rentals.length,
      events: counts.accepted! + counts.duplicate! + counts.rejected!,
      accepted: counts.accepted,
      query: `window=${values.window}&groupBy=${values['group-by']}&tz=${values.tz}`,
      parts: Number(parts!.n),
      rows: page.rows.length,
      p50Ms: Math.round(percentile(sorted, 50)),
      p95Ms: Math.round(percentile(sorted, 95)),
      minMs: Math.round(sorted[0]!),
      maxMs: Math.round(sorted[sorted.length - 1]!),
      gpuMs: queried.toString(),
      billedGpuMs: billed.toString(),
      equal: queried === billed,
      load1: Number(os.loadavg()[0]!.toFixed(2)),
    };
    process.stdout.write(
      `usage ${figures.query} over October 2026: ${figures.rows} rows, ${figures.events} events (${figures.accepted} accepted), ` +
        `p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms (${runs} runs), total ${figures.gpuMs} GPU-ms ${figures.equal ? '=' : '≠'} billed ${figures.billedGpuMs}, ` +
        `load ${figures.load1} ${JSON.stringify(figures)}\n`,
    );
    if (!figures.equal) process.exitCode = 1;
  } finally {
    await client?.close().catch(() => undefined);
    if (kept === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`[bench:usage] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

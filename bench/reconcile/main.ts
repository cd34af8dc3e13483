import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClickHouse, migrate, queryRows, useDatabase, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import { NO_OUTBOX } from '@hourglass/contracts';
import { systemClock } from '@hourglass/kernel';
import { ClickHouseReconBankRepository, ClickHouseReconRepository, DEFAULT_RECON_CONFIG, ReconciliationService } from '@hourglass/reconciliation';

/**
 * Reconciliation benchmark: matches N Stripe settlement lines against N captured payments of one
 * month (2026-10) in embedded chDB with the real ReconciliationService and ClickHouseReconRepository.
 * The data is generated straight into ClickHouse (two INSERT … SELECT from numbers(), not timed), with
 * faults: one line in 1,000 with a fee off the contract, one payment in 5,000 never settled, one line
 * in 5,000 for a payment Hourglass never saw. One run is timed (reads, matching, writing matches and
 * breaks, and the payout ↔ bank and ledger ↔ PSP balance pairs, which have no payouts or ledger
 * entries here: the ledger's settlement balance is empty, so each currency's balance is one
 * `amount_mismatch` break), then a rerun. One line of figures on stdout, progress on stderr.
 */

const USAGE = `usage: node dist/bench/reconcile/main.js [--lines N]
  --lines   settlement lines (and payments), default 1000000`;

const progress = (line: string) => process.stderr.write(`[bench:reconcile] ${line}\n`);

function peakRssMiB(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 1024 / 1024);
}

const OCT = `toDateTime64('2026-10-01 00:00:00', 3, 'UTC')`;

async function seed(client: ClickHouseClient, db: string, n: number): Promise<void> {
  // Payments: gross 10.00 … 999.00, captured through October.
  await client.command({
    query: `INSERT INTO ${db}.payment_facts
      SELECT concat('stripe:captured:pi_', toString(number)), 'captured', 'stripe', concat('in_', toString(number)), concat('c-', toString(number % 5000)), 'USD',
        toDecimal128(10 + number % 990, 12), '', concat('pi_', toString(number)), concat('ch_', toString(number)),
        ${OCT} + toIntervalSecond(number % 2590000), ${OCT}, 'bench'
      FROM numbers(${n})`,
  });
  // Lines: one per payment a day later (but one in 5,000 missing), the contract fee (2.9 % + 0.30, half up),
  // one in 1,000 a cent too dear, and one in 5,000 for an unknown payment.
  await client.command({
    query: `INSERT INTO ${db}.psp_settlement_lines
      SELECT concat('stripe:txn_', toString(number)), 'stripe', 'imp_bench', number + 2, 'charge', 'charge',
        if(number % 5000 = 4999, concat('pi_unknown_', toString(number)), concat('pi_', toString(number))), '', 'USD',
        gross, fee, gross - fee, ${OCT} + toIntervalSecond(number % 2590000 + 86400), concat('po_', toString(intDiv(number % 2590000, 86400))), ''
      FROM (
        SELECT number, toDecimal128(10 + number % 990, 12) AS gross,
          toDecimal128(intDiv((10 + number % 990) * 29 + 305, 10), 12) / 100 + if(number % 1000 = 7, toDecimal128(0.01, 12), toDecimal128(0, 12)) AS fee
        FROM numbers(${n}) WHERE number % 5000 != 1234
      )`,
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const n = Number(values.lines);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--lines must be a positive integer\n${USAGE}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-recon-'));
  let client: ClickHouseClient | null = null;
  try {
    const config: HourglassConfig = loadConfig({ ...process.env, HOURGLASS_DATA_DIR: path.join(dir, 'chdb'), CLICKHOUSE_DATABASE: 'bench', CLICKHOUSE_URL: '' });
    const database = config.clickhouse.database;
    client = createClickHouse(config);
    await migrate(client, { database, cluster: null, dedupWindow: 10_000 }, systemClock);
    client = await useDatabase(client, config, database);
    const db = '`' + database + '`';
    const setupMs = performance.now();
    await seed(client, db, n);
    const [counts] = await queryRows<{ lines: string; payments: string }>(
      client,
      `SELECT (SELECT count() FROM ${db}.psp_settlement_lines) AS lines, (SELECT count() FROM ${db}.payment_facts) AS payments`,
    );
    progress(`generated ${counts!.lines} settlement lines and ${counts!.payments} payments in ${((performance.now() - setupMs) / 1000).toFixed(1)} s`);

    const clock = { nowMs: () => Date.parse('2026-12-01T00:00:00Z') };
    const timings = new Map<string, number>();
    const timedOf = <T extends object>(store: T): T => new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const t = performance.now();
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            timings.set(String(name), (timings.get(String(name)) ?? 0) + performance.now() - t);
          }
        };
      },
    });
    const service = new ReconciliationService(
      timedOf(new ClickHouseReconRepository(client, database)),
      clock,
      NO_OUTBOX,
      DEFAULT_RECON_CONFIG,
      timedOf(new ClickHouseReconBankRepository(client, database)),
    );
    const stall = monitorEventLoopDelay({ resolution: 20 });
    stall.enable();
    const startMs = performance.now();
    const result = await service.run('2026-10');
    const runS = (performance.now() - startMs) / 1000;
    stall.disable();
    progress(`run: ${JSON.stringify({ matches: result.matches, breaks: result.breaks, opened: result.opened })}`);
    progress(`time in ClickHouse calls (ms): ${JSON.stringify(Object.fromEntries([...timings].map(([k, v]) => [k, Math.round(v)])))}`);
    timings.clear();
    const rerunMs = performance.now();
    const rerun = await service.run('2026-10');
    const rerunS = (performance.now() - rerunMs) / 1000;
    progress(`rerun: opened ${rerun.opened}, auto-resolved ${rerun.autoResolved}`);
    progress(`time in ClickHouse calls (ms): ${JSON.stringify(Object.fromEntries([...timings].map(([k, v]) => [k, Math.round(v)])))}`);
    process.stdout.write(
      JSON.stringify({
        lines: Number(counts!.lines),
        payments: Number(counts!.payments),
        seconds: Number(runS.toFixed(1)),
        linesPerSecond: Math.round(Number(counts!.lines) / runS),
        rerunSeconds: Number(rerunS.toFixed(1)),
        peakRssMiB: peakRssMiB(),
        longestStallMs: Math.round(stall.max / 1e6),
        breaks: result.breaks,
      }) + '\n',
    );
  } finally {
    await client?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench:reconcile failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { buildFleet, generateUsage, referenceDocuments, Rng, type Fleet, type SimulatedMessage } from '@hourglass/simulation';
import { ensureBuilt, ServeProcess, sleep, tail } from '../support/serve-process';

/**
 * A billing run killed midway and run again issues exactly the invoices an uninterrupted run issues.
 *
 * The same data (a fleet in four currencies, reserved rentals with a mid-month upgrade, credit grants,
 * August billed and then late August usage plus September usage) is prepared in two independent
 * deployments, each its own nats-server, redis-server and chDB directory. The reference bills
 * September in one go. The other runs `hourglass serve` as a child process and SIGKILLs it twice
 * during POST /v1/billing-runs: first at a known point, after the invoice lines are written and before
 * any header is (the test-only HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS hook holds the run there), then
 * at a random moment of the resumed run. A third process finishes the run. Its invoices and payout
 * statements must equal the reference's (issue time aside), with no duplicate rows and gap-free numbers.
 *
 * FAULT_SEED=<n> replays a run.
 */

const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const PAUSE_AFTER_LINES_MS = 120_000;
/** The billing lock's lease (invoicing.module.ts) plus slack: how long a killed run can block the next. */
const LEASE_WAIT_MS = 45_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const AUG = Date.parse('2026-08-01T00:00:00Z');
const SEP = Date.parse('2026-09-01T00:00:00Z');
const OCT = Date.parse('2026-10-01T00:00:00Z');

const progress = (line: string) => process.stderr.write(`[billing-crash seed=${SEED}] ${line}\n`);

interface Deployment {
  name: string;
  nats: LocalService;
  redis: LocalService;
  nc: NatsConnection;
  dir: string;
  logPath: string;
  env: Record<string, string>;
  /** Messages that reached Hourglass (JetStream's duplicate window dropped the others). */
  delivered: number;
}

interface InvoiceView {
  invoiceId: string;
  number: string;
  issuedAt: string;
  lines: Array<{ kind: string }>;
  [key: string]: unknown;
}

interface BillResponse {
  status: number;
  body: { invoices?: number; alreadyCompleted?: boolean; reason?: string; failures?: unknown[] };
}

async function deployment(name: string): Promise<Deployment> {
  const nats = await startLocalNats();
  const redis = await startLocalRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hg-billing-crash-${name}-`));
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  return {
    name,
    nats,
    redis,
    nc,
    dir,
    logPath: path.join(dir, 'serve.log'),
    env: {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      HOURGLASS_DATA_DIR: path.join(dir, 'chdb'),
      CLICKHOUSE_DATABASE: `billing_crash_${name}`,
      HOURGLASS_REDIS_PREFIX: `billing_crash_${name}:`,
    },
    delivered: 0,
  };
}

async function closeDeployment(d: Deployment | undefined): Promise<void> {
  if (!d) return;
  await d.nc.close().catch(() => undefined);
  await d.nats.stop();
  await d.redis.stop();
  fs.rmSync(d.dir, { recursive: true, force: true });
}

/** Publishes as agents do, at most 256 in flight; counts what JetStream's duplicate window let through. */
async function publishAll(d: Deployment, messages: Iterable<SimulatedMessage>): Promise<number> {
  const js = d.nc.jetstream({ timeout: 30_000 });
  const inFlight = new Set<Promise<void>>();
  let count = 0;
  for (const m of messages) {
    const p: Promise<void> = js.publish(m.subject, m.data, m.msgId ? { msgID: m.msgId } : {}).then((ack) => {
      if (!ack.duplicate) d.delivered += 1;
      inFlight.delete(p);
    });
    inFlight.add(p);
    count += 1;
    if (inFlight.size >= 256) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return count;
}

async function drained(serve: ServeProcess, d: Deployment): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await serve.api<{ accepted: number; duplicate: number; rejected: number; lag: number }>('GET', '/v1/status');
    if (s.lag === 0 && s.accepted + s.duplicate + s.rejected === d.delivered) {
      expect(s.rejected).toBe(0);
      return;
    }
    if (Date.now() > deadline) {
      // More rows than messages means a sequence was written twice: name them.
      const twice = await serve.sql<{ stream_seq: string; outcomes: string[] }>(
        'SELECT stream_seq, groupArray(outcome) AS outcomes FROM usage_outcomes GROUP BY stream_seq HAVING count() > 1 LIMIT 5',
      );
      throw new Error(`${d.name}: usage not drained: ${JSON.stringify(s)}, ${d.delivered} delivered; written twice: ${JSON.stringify(twice)}`);
    }
    await sleep(200);
  }
}

async function postBill(serve: ServeProcess, period: string, timeoutMs = 120_000): Promise<BillResponse> {
  const response = await fetch(`${serve.url}/v1/billing-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...serve.authHeaders() },
    body: JSON.stringify({ period }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: (await response.json()) as BillResponse['body'] };
}

/** A run killed while it held the lock keeps it until the lease runs out; then the next call resumes it. */
async function billOnceLockFrees(serve: ServeProcess, period: string): Promise<BillResponse['body']> {
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (;;) {
    const r = await postBill(serve, period);
    if (r.status === 200) return r.body;
    if (r.status !== 409 || r.body.reason !== 'billing_run_in_progress' || Date.now() > deadline) {
      throw new Error(`POST /v1/billing-runs ${period}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    }
    await sleep(500);
  }
}

/** The fleet, and reserved rentals on a book of their own: one starting mid-August to the millisecond. */
function scenario(seed: number) {
  const fleet: Fleet = buildFleet({
    seed,
    customers: 40,
    rentalsPerCustomer: 6,
    operators: 5,
    currencies: ['USD', 'EUR', 'JPY', 'BHD'],
    periodStartMs: AUG,
    periodEndMs: OCT,
    idPrefix: 'bc-',
    priceChangeAtMs: Date.parse('2026-09-10T00:00:00Z'),
  });
  const usd = fleet.customers.filter((c) => c.currency === 'USD');
  const op = fleet.operators[0]!;
  const reservedBook = {
    priceBookId: 'bc-pb-reserved',
    version: 1,
    effectiveFrom: '2026-06-01T00:00:00Z',
    currency: 'USD',
    platformFeeRate: '0.15',
    rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'reserved', unitPrice: '1.79' }],
  };
  const reserved = (n: number, startedAt: string, termMonths: number, gpuCount: number, updatedAt = startedAt) => ({
    rentalId: `bc-res-${n}`,
    customerId: usd[n % usd.length]!.customerId,
    operatorId: op.operatorId,
    datacenterId: op.datacenters[0]!.datacenterId,
    nodeId: op.datacenters[0]!.nodeIds[0]!,
    gpuModel: 'H100-SXM-80GB',
    gpuCount,
    pricingClass: 'reserved',
    priceBookId: reservedBook.priceBookId,
    startedAt,
    endedAt: null,
    commitment: { termMonths, autoRenew: n % 2 === 0 },
    updatedAt,
  });
  const reservedRentals = [
    reserved(1, '2026-08-14T09:26:53.589Z', 3, 4),
    reserved(2, '2026-07-31T22:00:00Z', 1, 8),
    reserved(3, '2026-08-01T00:00:00Z', 2, 2),
  ];
  // Upgraded mid-September, after September was billed in advance: a prorated line on September's run.
  const upgrade = { ...reserved(1, '2026-08-14T09:26:53.589Z', 3, 8), updatedAt: '2026-09-18T12:00:00Z' };
  // Granted before August's run, and (the second half) between the two runs.
  const grants = fleet.customers.slice(0, 16).map((c, i) => ({
    grantId: `bc-grant-${i + 1}`,
    customerId: c.customerId,
    currency: c.currency,
    amount: { USD: '25.00', EUR: '10.00', JPY: '3000', BHD: '5.000' }[c.currency] ?? '1.00',
    priority: i,
  }));
  const usage = (windowSeed: number, fromMs: number, toMs: number) =>
    generateUsage(fleet, { seed: windowSeed, stepMs: HOUR_MS, fromMs, toMs, faults: { resendRate: 0.05, resendUnkeyedShare: 0.5, overlapRate: 0.05, outOfOrderRate: 0.05 } });
  return {
    reference: [...referenceDocuments(fleet), reservedBook, ...reservedRentals],
    upgrade,
    grants,
    august: usage(seed * 4 + 1, AUG, AUG + DAY_MS),
    // Published after August is billed: late for August, and the start of September.
    late: usage(seed * 4 + 2, SEP - 6 * HOUR_MS, SEP),
    september: usage(seed * 4 + 3, SEP, SEP + 2 * DAY_MS),
  };
}

/** Everything up to the September run, through one cleanly stopped serve. */
async function prepare(d: Deployment, data: ReturnType<typeof scenario>): Promise<void> {
  const serve = await ServeProcess.spawn(d.env, d.logPath);
  try {
    await serve.ready();
    const loaded = await serve.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/reference', data.reference);
    expect(loaded.results.filter((r) => r.outcome !== 'applied')).toEqual([]);
    for (const g of data.grants.slice(0, 8)) await serve.api('POST', '/v1/credit-grants', g);
    await publishAll(d, data.august);
    await drained(serve, d);
    const august = await postBill(serve, '2026-08');
    expect([august.status, august.body.failures]).toEqual([200, []]);
    await serve.api('POST', '/v1/reference', [data.upgrade]);
    for (const g of data.grants.slice(8)) await serve.api('POST', '/v1/credit-grants', g);
    const published = (await publishAll(d, data.late)) + (await publishAll(d, data.september));
    await drained(serve, d);
    progress(`${d.name}: August billed (${august.body.invoices} invoices); ${published} late and September events ingested`);
  } finally {
    await serve.stop();
  }
}

/** What must not differ between the two deployments: everything but the time of issue. */
async function billingFacts(serve: ServeProcess) {
  const strip = (invoices: InvoiceView[]) => invoices.map(({ issuedAt: _issuedAt, ...rest }) => rest);
  return {
    august: strip(await serve.api<InvoiceView[]>('GET', '/v1/invoices?period=2026-08')),
    september: strip(await serve.api<InvoiceView[]>('GET', '/v1/invoices?period=2026-09')),
    payouts: await serve.api<unknown[]>('GET', '/v1/payout-statements?period=2026-09'),
  };
}

describe('faults: a billing run is killed midway', () => {
  let reference: Deployment | undefined;
  let crashed: Deployment | undefined;
  let serve: ServeProcess | null = null;

  beforeAll(() => ensureBuilt(), 300_000);

  afterAll(async () => {
    await serve?.stop().catch(() => undefined);
    await closeDeployment(reference);
    await closeDeployment(crashed);
  }, 60_000);

  it(
    'issues identical invoices after SIGKILLs during POST /v1/billing-runs, with no duplicate rows and gap-free numbers',
    async () => {
      const data = scenario(SEED);
      reference = await deployment('reference');
      crashed = await deployment('crashed');
      try {
        // The reference: the same data, September billed without interruption.
        await prepare(reference, data);
        serve = await ServeProcess.spawn(reference.env, reference.logPath);
        await serve.ready();
        const startedMs = Date.now();
        const expectedRun = await postBill(serve, '2026-09');
        const runMs = Date.now() - startedMs;
        expect([expectedRun.status, expectedRun.body.failures]).toEqual([200, []]);
        const expected = await billingFacts(serve);
        await serve.stop();
        serve = null;
        const kinds = new Set(expected.september.flatMap((i) => i.lines.map((l) => l.kind)));
        // The run under test writes every kind of line: otherwise it would prove less than it claims.
        expect([...kinds].sort()).toEqual(['adjustment', 'credit', 'reserved', 'usage']);
        progress(`reference: ${expected.september.length} September invoices, ${expected.september.reduce((n, i) => n + i.lines.length, 0)} lines, run took ${runMs} ms`);

        await prepare(crashed, data);

        // Kill 1, at a known point: lines written, no header yet.
        serve = await ServeProcess.spawn({ ...crashed.env, HOURGLASS_TEST_FAULTS: '1', HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS: String(PAUSE_AFTER_LINES_MS) }, crashed.logPath);
        await serve.ready();
        const held = serve;
        const pending = postBill(held, '2026-09', PAUSE_AFTER_LINES_MS * 2).catch(() => null);
        const deadline = Date.now() + 60_000;
        while (Number((await held.sql<{ n: string }>("SELECT count() AS n FROM invoice_lines WHERE period = '2026-09'"))[0]!.n) === 0) {
          if (Date.now() > deadline) throw new Error('the run wrote no lines within 60 s');
          await sleep(50);
        }
        await held.kill();
        await pending;
        progress('kill 1: SIGKILL after the lines insert, before the headers insert');

        serve = await ServeProcess.spawn(crashed.env, crashed.logPath);
        await serve.ready();
        const [state] = await serve.sql<{ lines: string; headers: string; started: string; completed: string }>(
          `SELECT (SELECT count() FROM invoice_lines WHERE period = '2026-09') AS lines,
                  (SELECT count() FROM invoices WHERE period = '2026-09') AS headers,
                  (SELECT count() FROM billing_runs FINAL WHERE period = '2026-09' AND status = 'started') AS started,
                  (SELECT count() FROM billing_runs FINAL WHERE period = '2026-09' AND status = 'completed') AS completed`,
        );
        expect(Number(state!.lines)).toBeGreaterThan(0);
        expect([state!.headers, state!.started, state!.completed]).toEqual(['0', '1', '0']);
        // Nothing half-written is visible: an invoice shows only once its header is there.
        expect(await serve.api<unknown[]>('GET', '/v1/invoices?period=2026-09')).toEqual([]);

        // Kill 2, at a random moment of the resumed run (it may also have finished by then).
        // A resumed run redoes the reads and finds most writes already done, so it is quicker than the
        // reference's (a few hundred ms here): within 400 ms, or a third of the reference run, the kill
        // lands inside it most of the time.
        const delayMs = new Rng(SEED, 'billing-crash:kill').int(0, Math.max(50, Math.min(400, Math.floor(runMs / 3))));
        const second = serve;
        // The killed run still holds the lock (its lease has not run out): the call is refused, not run twice.
        const refused = await postBill(second, '2026-09');
        expect([refused.status, refused.body.reason]).toEqual([409, 'billing_run_in_progress']);
        const lockWaitStartedMs = Date.now();
        while (!(await lockIsFree(crashed))) {
          // The dead run's lease has to run out first; until then a call is refused with 409.
          if (Date.now() - lockWaitStartedMs > LEASE_WAIT_MS) throw new Error('the killed run still holds the billing lock');
          await sleep(100);
        }
        // Another period cannot be billed around the interrupted run: its invoice numbers come first.
        const around = await postBill(second, '2026-10');
        expect([around.status, around.body.reason]).toEqual([409, 'billing_run_in_progress']);
        expect(JSON.stringify(around.body)).toContain('2026-09');
        const resumed = postBill(second, '2026-09').catch(() => null);
        await sleep(delayMs);
        await second.kill();
        const outcome = await resumed;
        progress(`kill 2: SIGKILL ${delayMs} ms into the resumed run (${outcome === null ? 'in flight' : `it had answered HTTP ${outcome.status}`})`);

        serve = await ServeProcess.spawn(crashed.env, crashed.logPath);
        await serve.ready();
        const [afterKill2] = await serve.sql<{ headers: string; completed: string }>(
          `SELECT (SELECT count() FROM invoices FINAL WHERE period = '2026-09') AS headers,
                  (SELECT count() FROM billing_runs FINAL WHERE period = '2026-09' AND status = 'completed') AS completed`,
        );
        progress(`after kill 2: ${afterKill2!.headers} of ${expected.september.length} headers written, run ${afterKill2!.completed === '1' ? 'completed' : 'not completed'}`);
        const finished = await billOnceLockFrees(serve, '2026-09');
        expect(finished.failures).toEqual([]);
        expect(finished.invoices).toBe(expected.september.length);

        // Identical to the uninterrupted run, line by line and amount by amount.
        const actual = await billingFacts(serve);
        expect(actual).toEqual(expected);

        // No duplicate rows, even without FINAL: every retried insert was deduplicated by its token.
        const [rows] = await serve.sql<{ lines: string; lineIds: string; headers: string; invoiceIds: string }>(
          `SELECT (SELECT count() FROM invoice_lines) AS lines, (SELECT uniqExact(line_id) FROM invoice_lines) AS lineIds,
                  (SELECT count() FROM invoices) AS headers, (SELECT uniqExact(invoice_id) FROM invoices) AS invoiceIds`,
        );
        expect(rows!.lines).toBe(rows!.lineIds);
        expect(rows!.headers).toBe(rows!.invoiceIds);

        // Gap-free numbers across both periods: 1..n, each once.
        const numbers = await serve.sql<{ number_seq: number | string; number: string }>('SELECT number_seq, number FROM invoices FINAL ORDER BY number_seq');
        expect(numbers.map((r) => Number(r.number_seq))).toEqual(numbers.map((_, i) => i + 1));
        expect(numbers.length).toBe(expected.august.length + expected.september.length);

        const again = await postBill(serve, '2026-09');
        expect([again.status, again.body.alreadyCompleted]).toEqual([200, true]);
      } catch (error) {
        for (const d of [reference, crashed]) if (d) progress(`failed; the last lines of ${d.logPath}:\n${tail(d.logPath, 40)}`);
        throw error;
      }
    },
    10 * 60_000,
  );
});

/** Whether the billing lock is free, looked at directly in Redis (the killed run cannot release it). */
async function lockIsFree(d: Deployment): Promise<boolean> {
  const redis = new Redis(d.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return (await redis.exists(`${d.env.HOURGLASS_REDIS_PREFIX}lock:billing`)) === 0;
  } finally {
    redis.disconnect();
  }
}

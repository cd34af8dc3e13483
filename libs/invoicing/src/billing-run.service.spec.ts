import type { PriceBookVersion, Rental } from '@hourglass/contracts';
import type { EarnedLine } from './domain';
import { BillingRunService, type BillingOptions } from './billing-run.service';
import type { OperatorEarnings } from './ports';
import { FencedLeaseRunner, InMemoryLeaseStore } from '@hourglass/kernel';
import { InMemoryBillingRepository, issuedInvoice } from './testing';

const HOUR_MS = 3_600_000;
const SEP_10 = Date.parse('2026-09-10T00:00:00Z');

const rental = (over: Partial<Rental> = {}): Rental => ({
  rentalId: 'r-1',
  customerId: 'c-1',
  operatorId: 'op-42',
  datacenterId: 'dc-1',
  nodeId: 'n-1',
  gpuModel: 'H100',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-1',
  startedAtMs: Date.parse('2026-09-01T00:00:00Z'),
  endedAtMs: null,
  commitment: null,
  updatedAtMs: 0,
  ...over,
});

const priceBook = (currency = 'USD', unitPrice = '2.49'): PriceBookVersion => ({
  priceBookId: currency === 'USD' ? 'pb-1' : `pb-${currency}`,
  version: 1,
  effectiveFromMs: Date.parse('2026-01-01T00:00:00Z'),
  currency,
  platformFeeRate: '0.15',
  rates: [{ gpuModel: 'H100', pricingClass: 'on_demand', unitPrice, tiers: null, tierMode: null, packageGpuHours: null, minimumCharge: null }],
});

class RecordingEarnings implements OperatorEarnings {
  readonly calls: Array<{ period: string; runId: string; lines: readonly EarnedLine[] }> = [];
  async record(period: string, runId: string, _issuedAtMs: number, lines: readonly EarnedLine[]): Promise<number> {
    this.calls.push({ period, runId, lines });
    return new Set(lines.filter((l) => l.operatorId).map((l) => `${l.operatorId}/${l.currency}`)).size;
  }
}

function setup(nowMs = Date.parse('2026-10-01T00:10:00Z')) {
  const repository = new InMemoryBillingRepository();
  const earnings = new RecordingEarnings();
  const clock = { nowMs: () => nowMs };
  const lock = new InMemoryLeaseStore(clock);
  const outbox = { enqueued: 0, enqueue: async (messages: readonly unknown[]) => void (outbox.enqueued += messages.length) };
  const rentals = [rental(), rental({ rentalId: 'r-2', customerId: 'c-2', priceBookId: 'pb-JPY' })];
  const books = new Map([
    ['pb-1', [priceBook()]],
    ['pb-JPY', [priceBook('JPY', '400')]],
  ]);
  const options: BillingOptions = { billingEntity: 'HG', roundingOverrides: {}, ingestWaitMs: 0, leaseMs: 30_000 };
  const sut = new BillingRunService(
    repository,
    earnings,
    new FencedLeaseRunner(lock, clock),
    { rentals: () => rentals, priceBooks: () => books, rentalHistory: async () => [] },
    { undelivered: async () => 0, ackFloor: async () => 10 },
    clock,
    options,
    outbox,
  );
  repository.watermark = 12;
  repository.nowMs = nowMs;
  // r-1: 8 GPUs × 1 h; r-2: 8 GPUs × 1.5 h
  repository.covered.set('r-1', [{ startMs: SEP_10, endMs: SEP_10 + HOUR_MS }]);
  repository.covered.set('r-2', [{ startMs: SEP_10, endMs: SEP_10 + 1.5 * HOUR_MS }]);
  return { sut, repository, earnings, lock, outbox };
}

const reasonOf = (promise: Promise<unknown>) => promise.then(() => null, (error: { reason?: string }) => error.reason ?? String(error));

describe('BillingRunService', () => {
  it.each([['2026-13'], ['2026-9'], ['']])('refuses the malformed period %j', async (period) => {
    expect(await reasonOf(setup().sut.run(period))).toBe('invalid_period');
  });

  it('refuses a period that has not ended by the injected clock', async () => {
    const { sut } = setup(Date.parse('2026-09-30T23:59:59Z'));
    expect(await reasonOf(sut.run('2026-09'))).toBe('period_not_ended');
  });

  it('refuses while another run holds the lock', async () => {
    const { sut, lock } = setup();
    await lock.acquire('billing', 60_000);
    expect(await reasonOf(sut.run('2026-09'))).toBe('billing_run_in_progress');
  });

  it('issues one invoice per customer and currency, numbered on from the year, and hands the earned lines on', async () => {
    const { sut, repository, earnings } = setup();
    await repository.writeInvoices([issuedInvoice({ seq: 41, invoiceId: 'in_old', runId: 'run_2026-08', lines: [] })], 'HG');
    repository.writes.length = 0;

    const result = await sut.run('2026-09');

    // 8 GPU-h × 2.49 = 19.92 USD; 12 GPU-h × 400 = 4800 JPY
    expect(result).toMatchObject({ runId: 'run_2026-09', status: 'completed', alreadyCompleted: false, invoices: 2, totals: { USD: '19.92', JPY: '4800' }, payoutStatements: 2 });
    const issued = [...repository.invoices.values()].filter((i) => i.runId === 'run_2026-09');
    expect(issued.map((i) => [i.number, i.customerId, i.currency, i.total.toFixed()])).toEqual([
      ['HG-2026-000042', 'c-1', 'USD', '19.92'],
      ['HG-2026-000043', 'c-2', 'JPY', '4800'],
    ]);
    expect([...repository.statusEvents.values()].map((e) => e.status)).toEqual(['draft', 'finalized', 'draft', 'finalized']);
    expect(earnings.calls).toHaveLength(1);
    expect(earnings.calls[0]!.lines.map((l) => [l.invoiceNumber, l.operatorId, l.amount.toFixed(), l.operatorShare.toFixed(), l.platformFee.toFixed()])).toEqual([
      ['HG-2026-000042', 'op-42', '19.92', '16.93', '2.99'],
      ['HG-2026-000043', 'op-42', '4800', '4080', '720'],
    ]);
    expect(repository.writes).toEqual(['run:started', 'invoices:2', 'status:4', 'run:completed']);
  });

  it('returns a completed run as it is, and writes nothing the second time', async () => {
    const { sut, repository, earnings } = setup();
    const first = await sut.run('2026-09');
    const writes = repository.writes.length;
    const again = await sut.run('2026-09');
    expect(again).toEqual({ ...first, alreadyCompleted: true });
    expect(repository.writes).toHaveLength(writes);
    expect(earnings.calls).toHaveLength(1);
  });

  it('resumes a run that was killed midway with what it pinned, and numbers the same', async () => {
    const killed = setup();
    killed.repository.writeInvoices = async () => {
      throw new Error('process killed');
    };
    await expect(killed.sut.run('2026-09')).rejects.toThrow('process killed');
    const pinned = killed.repository.runRecords[0]!;

    const resumed = setup();
    resumed.repository.runRecords.push(pinned);
    resumed.repository.watermark = 99; // usage that arrived since: not in this run
    const result = await resumed.sut.run('2026-09');
    expect(result.usageWatermark).toBe(12);
    expect([...resumed.repository.invoices.values()].map((i) => i.number)).toEqual(['HG-2026-000001', 'HG-2026-000002']);
  });

  it('refuses to bill a period while another period\'s run is unfinished', async () => {
    const { sut, repository } = setup();
    repository.runRecords.push({ runId: 'run_2026-08', period: '2026-08', status: 'started', usageWatermark: 1, fencingToken: 1, startedAtMs: 0, invoices: 0, summary: '' });
    expect(await reasonOf(sut.run('2026-09'))).toBe('billing_run_in_progress');
  });

  it('writes nothing when its lease was taken over before the writes', async () => {
    const { sut, repository, lock } = setup();
    // Another holder took the lease over while the run computed: every renewal now fails.
    lock.renew = async () => false;
    expect(await reasonOf(sut.run('2026-09'))).toBe('lost_billing_lock');
    expect(repository.writes).toEqual([]);
  });
});

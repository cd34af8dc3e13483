import { customer, priceBook, rental, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

/**
 * Usage that reaches metering before its rental does is parked for the unknown-rental grace. If its
 * period is billed meanwhile, the event is accepted later under a stream sequence *below* the run's
 * usage watermark. It must still be billed, once, as an adjustment on the next invoice (CONTRACTS §3),
 * not fall between the two runs.
 *
 * Price book pb-std v1: H100 on_demand 2.49 per GPU-hour, fee 0.15.
 */

interface Invoice {
  number: string;
  customerId: string;
  total: string;
  lines: Array<{ kind: string; servicePeriod: string; rentalId: string | null; priceBookVersion: number | null; quantityGpuHours: string; amount: string }>;
}

const GRACE_MS = 120_000;

describe('scenario: usage that waited for its rental while its period was billed', () => {
  let h: Harness;
  const status = async () => (await h.api<{ accepted: number; duplicate: number; rejected: number }>('GET', '/v1/status')).body;
  const invoices = async (period: string) => (await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`)).body;
  const bill = async (period: string) => {
    const r = await h.api<{ invoices: number; failures: unknown[] }>('POST', '/v1/billing-runs', { period });
    expect([r.status, r.body.failures]).toEqual([200, []]);
  };
  const event = (id: string, rentalId: string, nodeId: string, from: string, to: string) =>
    usageEvent({ id, source: `agent://op-42/dc-fra-1/${nodeId}`, subject: `rental/${rentalId}`, data: { rentalId, nodeId, intervalStart: from, intervalEnd: to } });

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: String(GRACE_MS) });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ rentalId: 'r-1', startedAt: '2026-08-01T00:00:00Z', updatedAt: '2026-08-01T00:00:00Z' })]);
  });
  afterAll(() => h?.close());

  it('bills it on the next invoice as an adjustment for its original period', async () => {
    // r-2 is not known yet: its event is parked until the rental arrives, while r-1's, published after it, is accepted.
    await h.publish('usage.v1.op-42.dc-fra-1', event('early-r2', 'r-2', 'node-18', '2026-08-20T10:00:00Z', '2026-08-20T11:00:00Z'));
    await h.publish('usage.v1.op-42.dc-fra-1', event('aug-r1', 'r-1', 'node-17', '2026-08-10T10:00:00Z', '2026-08-10T11:00:00Z'));
    await h.waitFor(status, (s) => s.accepted === 1);

    await bill('2026-08');
    const [august] = await invoices('2026-08');
    expect(august!.lines.map((l) => [l.kind, l.servicePeriod, l.rentalId, l.quantityGpuHours, l.amount])).toEqual([
      // 8 GPUs × 1 h × 2.49 = 19.92
      ['usage', '2026-08', 'r-1', '8', '19.92'],
    ]);

    // The rental arrives within the grace: the waiting event is accepted now, with its old, low sequence.
    await h.api('POST', '/v1/reference', [rental({ rentalId: 'r-2', nodeId: 'node-18', startedAt: '2026-08-01T00:00:00Z', updatedAt: '2026-08-01T00:00:00Z' })]);
    await h.publish('usage.v1.op-42.dc-fra-1', event('sep-r1', 'r-1', 'node-17', '2026-09-02T10:00:00Z', '2026-09-02T10:30:00Z'));
    await h.waitFor(status, (s) => s.accepted === 3 && s.rejected === 0, 60_000);

    await bill('2026-09');
    const [september] = await invoices('2026-09');
    expect(september!.lines.map((l) => [l.kind, l.servicePeriod, l.rentalId, l.priceBookVersion, l.quantityGpuHours, l.amount])).toEqual([
      // 8 GPUs × 0.5 h × 2.49 = 9.96
      ['usage', '2026-09', 'r-1', 1, '4', '9.96'],
      // r-2's August hour: 8 GPUs × 1 h × 2.49 = 19.92, on September's invoice, naming August
      ['adjustment', '2026-08', 'r-2', 1, '8', '19.92'],
    ]);
    // 9.96 + 19.92 = 29.88
    expect(september!.total).toBe('29.88');

    // Billed once: October finds nothing more to adjust.
    await h.publish('usage.v1.op-42.dc-fra-1', event('oct-r1', 'r-1', 'node-17', '2026-10-02T10:00:00Z', '2026-10-02T10:15:00Z'));
    await h.waitFor(status, (s) => s.accepted === 4);
    await bill('2026-10');
    const [october] = await invoices('2026-10');
    // 8 GPUs × 0.25 h × 2.49 = 4.98
    expect(october!.lines.map((l) => [l.kind, l.servicePeriod, l.rentalId, l.amount])).toEqual([['usage', '2026-10', 'r-1', '4.98']]);
  });
});

import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: string;
  total: string;
  lines: Array<{ kind: string; rentalId: string; priceBookVersion: number; servicePeriod: string; quantityGpuHours: string; unitPrice: string | null; amount: string }>;
}

describe('billing: a period closed into invoices and payout statements', () => {
  let h: Harness;
  const status = async () => (await h.api<{ accepted: number; duplicate: number; rejected: number; lag: number }>('GET', '/v1/status')).body;
  const invoices = async (period: string) => (await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`)).body;

  beforeAll(async () => {
    h = await startHarness();
    await h.api('POST', '/v1/reference', [
      customer(),
      priceBook(),
      priceBook({ version: 2, effectiveFrom: '2026-09-15T00:00:00Z', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.19' }] }),
      rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
    ]);
  });
  afterAll(() => h?.close());

  const hour = (day: string, from: number, to: number) =>
    usageEvent({ data: { intervalStart: `2026-${day}T${String(from).padStart(2, '0')}:00:00.000Z`, intervalEnd: `2026-${day}T${String(to).padStart(2, '0')}:00:00.000Z` } });

  it('bills usage per price version, rounds each line once, and a second run changes nothing', async () => {
    await h.publish(SUBJECT, hour('09-10', 0, 1));
    await h.publish(SUBJECT, hour('09-10', 0, 1)); // same interval under a new id: covered once
    await h.publish(SUBJECT, hour('09-20', 0, 1));
    await h.waitFor(status, (s) => s.accepted === 3 && s.lag === 0);

    const first = await h.api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-09' });
    expect(first.status).toBe(200);
    expect(first.body.invoices).toBe(1);
    const [invoice] = await invoices('2026-09');
    expect(invoice!.status).toBe('finalized');
    expect(invoice!.number).toMatch(/^HG-\d{4}-000001$/);
    // v1: 8 GPUs × 1 h × 2.49 = 19.92; v2: 8 GPUs × 1 h × 2.19 = 17.52
    expect(invoice!.lines.map((l) => [l.kind, l.priceBookVersion, l.quantityGpuHours, l.unitPrice, l.amount])).toEqual([
      ['usage', 1, '8', '2.49', '19.92'],
      ['usage', 2, '8', '2.19', '17.52'],
    ]);
    expect(invoice!.total).toBe('37.44');

    const again = await h.api<{ alreadyCompleted: boolean }>('POST', '/v1/billing-runs', { period: '2026-09' });
    expect(again.body.alreadyCompleted).toBe(true);
    expect(await invoices('2026-09')).toEqual([invoice]);

    const payouts = (await h.api<Array<{ operatorId: string; gross: string; platformFee: string; net: string }>>('GET', '/v1/payout-statements?period=2026-09')).body;
    // shares: 19.92 × 0.85 = 16.932 → 16.93, 17.52 × 0.85 = 14.892 → 14.89; fees 2.99 + 2.63
    expect(payouts.map((p) => [p.operatorId, p.gross, p.platformFee, p.net])).toEqual([['op-42', '37.44', '5.62', '31.82']]);
  });

  it('announces the finalized invoice and the reference documents through the outbox, once each', async () => {
    const jsm = await h.nc.jetstreamManager();
    const count = async (stream: string) => (await jsm.streams.info(stream)).state.messages;
    // The relay publishes within a tick or two (500 ms apart).
    await h.waitFor(() => count('BILLING'), (n) => n >= 1);
    await h.waitFor(() => count('REF'), (n) => n >= 4);
    const [invoice] = await invoices('2026-09');
    const finalized = await jsm.streams.getMessage('BILLING', { last_by_subj: 'hourglass.v1.events.invoice.finalized' });
    expect(finalized.header.get('Nats-Msg-Id')).toBe(`invoice.finalized:${invoice!.invoiceId}`);
    expect(finalized.json()).toMatchObject({
      specversion: '1.0',
      type: 'hourglass.invoice.finalized',
      source: 'hourglass',
      id: `invoice.finalized:${invoice!.invoiceId}`,
      data: { invoiceId: invoice!.invoiceId, number: invoice!.number, currency: 'USD', total: '37.44', status: 'finalized' },
    });
    const rentalDoc = await jsm.streams.getMessage('REF', { last_by_subj: 'ref.v1.rentals' });
    expect(rentalDoc.header.get('Nats-Msg-Id')).toBe(`ref.rental:r-123:${Date.parse('2026-09-01T00:00:00Z')}`);
    expect(rentalDoc.json()).toMatchObject({ rentalId: 'r-123' });
    expect(await count('REF')).toBe(4);
    expect(await count('BILLING')).toBe(1);
  });

  it('puts late usage of a billed period on the next invoice as an adjustment', async () => {
    await h.publish(SUBJECT, hour('09-20', 1, 2)); // late September usage
    await h.publish(SUBJECT, hour('10-01', 0, 1));
    await h.waitFor(status, (s) => s.accepted === 5 && s.lag === 0);
    await h.api('POST', '/v1/billing-runs', { period: '2026-10' });
    const [invoice] = await invoices('2026-10');
    expect(invoice!.number).toMatch(/-000002$/);
    expect(invoice!.lines.map((l) => [l.kind, l.servicePeriod, l.priceBookVersion, l.amount])).toEqual([
      ['usage', '2026-10', 2, '17.52'],
      ['adjustment', '2026-09', 2, '17.52'],
    ]);
    expect(invoice!.total).toBe('35.04');
  });

  it('refuses a period that has not ended', async () => {
    const r = await h.api<{ reason: string }>('POST', '/v1/billing-runs', { period: '2099-01' });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('period_not_ended');
  });
});

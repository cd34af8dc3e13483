import type { Subscription } from 'nats';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  number: string;
  total: string;
}

interface CloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  data: Record<string, unknown>;
}

/**
 * CONTRACTS.md §12 end to end: every fact the lifecycle and payments record reaches
 * `hourglass.v1.events.>` once, with its id as Nats-Msg-Id, however often the requests are repeated.
 */
describe('outgoing events: invoice.finalized, credit_note.created, invoice.voided and invoice.paid', () => {
  let h: Harness;
  let sub: Subscription;
  const seen: Array<{ subject: string; msgId: string | undefined; event: CloudEvent }> = [];

  const hour = (day: string) => usageEvent({ time: `2026-${day}T01:00:00.000Z`, data: { intervalStart: `2026-${day}T00:00:00.000Z`, intervalEnd: `2026-${day}T01:00:00.000Z` } });
  const invoiceOf = async (period: string) => ((await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`)).body as [Invoice])[0];
  const post = <T>(path: string, body: unknown, key?: string) => h.api<T>('POST', path, body, { headers: key ? { 'idempotency-key': key } : {} });
  const ofType = (type: string) => seen.filter((m) => m.event.type === `hourglass.${type}`);

  beforeAll(async () => {
    h = await startHarness({}, undefined, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
    sub = h.nc.subscribe('hourglass.v1.events.>');
    void (async () => {
      for await (const m of sub) seen.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), event: m.json<CloudEvent>() });
    })();
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    await h.publish(SUBJECT, hour('09-10'));
    await h.publish(SUBJECT, hour('10-10'));
    await h.waitFor(async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body, (s) => s.accepted === 2 && s.lag === 0);
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await h?.close();
  });

  it('announces each fact once, with a stable id, after every request was repeated', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await post('/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
      expect((await post('/v1/billing-runs', { period: '2026-10' })).status).toBe(200);
    }
    const september = await invoiceOf('2026-09');
    const october = await invoiceOf('2026-10');
    // 8 GPUs × 1 h × 2.49
    expect([september.total, october.total]).toEqual(['19.92', '19.92']);

    for (let i = 0; i < 2; i++) {
      expect((await post(`/v1/invoices/${september.invoiceId}/void`, { reason: 'duplicate' }, 'void-1')).status).toBe(200);
      expect((await post(`/v1/invoices/${september.invoiceId}/void`, { reason: 'duplicate' })).status).toBe(200);
    }
    let creditNoteId = '';
    for (let i = 0; i < 2; i++) {
      const note = await post<{ creditNoteId: string }>(`/v1/invoices/${october.invoiceId}/credit-notes`, { amount: '4.92', reason: 'goodwill' }, 'cn-1');
      expect(note.status).toBe(201);
      creditNoteId = note.body.creditNoteId;
    }
    // 19.92 − 4.92 = 15.00 paid by one transfer (recorded twice); a second transfer overpays and
    // finds the invoice paid again: still one invoice.paid.
    for (const reference of ['SEPA-1', 'SEPA-1', 'SEPA-2', 'SEPA-2']) {
      const record = await h.api<{ created: boolean }>('POST', '/v1/payments/records', { invoiceId: october.invoiceId, amount: reference === 'SEPA-1' ? '15.00' : '1.00', reference });
      expect([200, 201]).toContain(record.status);
    }
    expect((await h.api<{ status: string }>('GET', `/v1/invoices/${october.invoiceId}`)).body.status).toBe('paid');

    const expected = 2 + 2 + 1 + 1; // finalized ×2, credit_note.created ×2 (the void's own note too), voided, paid
    await h.waitFor(async () => seen.length, (n) => n >= expected);
    // Several relay ticks (500 ms apart) more: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(ofType('invoice.finalized').map((m) => m.event.id).sort()).toEqual([`invoice.finalized:${october.invoiceId}`, `invoice.finalized:${september.invoiceId}`].sort());
    expect(ofType('credit_note.created').map((m) => m.event.id).sort()).toEqual([`credit_note.created:${creditNoteId}`, `credit_note.created:cn_void_${september.invoiceId}`].sort());
    expect(ofType('invoice.voided').map((m) => m.event.id)).toEqual([`invoice.voided:${september.invoiceId}`]);
    expect(ofType('invoice.paid').map((m) => m.event.id)).toEqual([`invoice.paid:${october.invoiceId}`]);
    expect(seen).toHaveLength(expected);

    for (const m of seen) {
      expect(m.msgId).toBe(m.event.id);
      expect(m.subject).toBe(`hourglass.v1.events.${m.event.type.slice('hourglass.'.length)}`);
      expect(m.event).toMatchObject({ specversion: '1.0', source: 'hourglass' });
      expect(Number.isNaN(Date.parse(m.event.time))).toBe(false);
    }
    const invoiceData = (invoice: Invoice, status: string) => ({ invoiceId: invoice.invoiceId, number: invoice.number, customerId: 'c-9', currency: 'USD', total: '19.92', status });
    expect(ofType('invoice.voided')[0]!.event.data).toMatchObject(invoiceData(september, 'void'));
    expect(ofType('invoice.paid')[0]!.event.data).toMatchObject(invoiceData(october, 'paid'));
    expect(ofType('credit_note.created').find((m) => m.event.data.creditNoteId === creditNoteId)!.event.data).toMatchObject({
      invoiceId: october.invoiceId,
      invoiceNumber: october.number,
      amount: '4.92',
      currency: 'USD',
      reason: 'goodwill',
    });
  });
});

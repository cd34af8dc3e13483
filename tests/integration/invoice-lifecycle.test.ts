import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  number: string;
  status: string;
  total: string;
  creditNotes: string;
  amountDue: string;
}

/**
 * The invoice lifecycle through HTTP against real Redis (the entity lock) and ClickHouse: gap-free
 * credit-note numbers under concurrency, and Idempotency-Keys as Stripe treats them.
 */
describe('invoice lifecycle: credit notes, grants and status changes over HTTP', () => {
  let h: Harness;
  let invoice: Invoice;

  const post = async <T>(path: string, body: unknown, key?: string): Promise<{ status: number; body: T }> => {
    const r = await h.api<T>('POST', path, body, { headers: key ? { 'idempotency-key': key } : {} });
    return { status: r.status, body: r.body };
  };
  const current = async () => (await h.api<Invoice>('GET', `/v1/invoices/${invoice.invoiceId}`)).body;

  beforeAll(async () => {
    h = await startHarness({}, undefined, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    // 8 GPUs × 5 h × 2.49 = 99.60
    for (let hour = 0; hour < 5; hour++) {
      const at = (n: number) => `2026-09-10T${String(n).padStart(2, '0')}:00:00.000Z`;
      await h.publish(SUBJECT, usageEvent({ time: at(hour + 1), data: { intervalStart: at(hour), intervalEnd: at(hour + 1) } }));
    }
    await h.waitFor(async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body, (s) => s.accepted === 5 && s.lag === 0);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    [invoice] = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body as [Invoice];
    expect(invoice.total).toBe('99.60');
  });
  afterAll(() => h?.close());

  it('gives 20 concurrent credit notes 20 distinct consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => post<{ number: string }>(`/v1/invoices/${invoice.invoiceId}/credit-notes`, { amount: '1.00', reason: 'race' })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(results.map((r) => r.body.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `HG-CN-2026-${String(i + 1).padStart(6, '0')}`));
    expect(await current()).toMatchObject({ creditNotes: '20.00', amountDue: '79.60', status: 'finalized' });
  });

  it('answers a retried Idempotency-Key with the first answer and credits once; another body under it is refused', async () => {
    const first = await post<{ creditNoteId: string; number: string; amount: string }>(`/v1/invoices/${invoice.invoiceId}/credit-notes`, { amount: '2.50' }, 'cn-key-1');
    expect(first.status).toBe(201);
    const again = await post(`/v1/invoices/${invoice.invoiceId}/credit-notes`, { amount: '2.50' }, 'cn-key-1');
    expect(again).toEqual(first);
    expect((await current()).creditNotes).toBe('22.50');

    const reused = await post<{ reason: string; message: string }>(`/v1/invoices/${invoice.invoiceId}/credit-notes`, { amount: '3.00' }, 'cn-key-1');
    expect(reused.status).toBe(409);
    expect(reused.body.reason).toBe('idempotency_key_reused');
    expect((await current()).creditNotes).toBe('22.50');
  });

  it('makes a credit grant idempotent by its key, and refuses bad input with a reason', async () => {
    const grant = { customerId: 'c-9', currency: 'USD', amount: '10.00' };
    const first = await post<{ grantId: string }>('/v1/credit-grants', grant, 'grant-key-1');
    const again = await post<{ grantId: string }>('/v1/credit-grants', grant, 'grant-key-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.grantId).toBe(first.body.grantId);
    expect((await h.api<unknown[]>('GET', '/v1/customers/c-9/credits')).body).toHaveLength(1);
    const bad = await post<{ reason: string }>('/v1/credit-grants', { ...grant, amount: 'abc' });
    expect([bad.status, bad.body.reason]).toEqual([400, 'invalid_grant']);
  });

  it('documents the Idempotency-Key header on every lifecycle write', async () => {
    const doc = (await h.api<{ paths: Record<string, { post?: { parameters?: Array<{ name: string; in: string }> } }> }>('GET', '/v1/openapi.json')).body;
    for (const path of ['/v1/invoices/{id}/pay', '/v1/invoices/{id}/void', '/v1/invoices/{id}/mark-uncollectible', '/v1/invoices/{id}/credit-notes', '/v1/credit-grants']) {
      expect(doc.paths[path]?.post?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    }
  });

  it('voids once: the rest is credited by one note, and a repeated void changes nothing', async () => {
    const voided = await post<{ status: string }>(`/v1/invoices/${invoice.invoiceId}/void`, { reason: 'duplicate' }, 'void-key');
    expect(voided).toEqual({ status: 200, body: { invoiceId: invoice.invoiceId, status: 'void' } });
    expect(await post(`/v1/invoices/${invoice.invoiceId}/void`, { reason: 'duplicate' })).toEqual(voided);
    expect(await current()).toMatchObject({ status: 'void', creditNotes: '99.60', amountDue: '0.00' });
    const notes = await h.sql<{ number: string; amount: string }>(`SELECT number, toString(amount) AS amount FROM credit_notes FINAL WHERE voids_invoice ORDER BY number`);
    expect(notes).toEqual([{ number: 'HG-CN-2026-000022', amount: '77.1' }]);
    const paid = await post<{ reason: string }>(`/v1/invoices/${invoice.invoiceId}/pay`, {});
    expect([paid.status, paid.body.reason]).toEqual([409, 'invalid_transition']);
  });
});

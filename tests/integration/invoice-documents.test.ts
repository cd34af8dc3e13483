import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface Invoice {
  invoiceId: string;
  number: string;
  customerId: string;
  total: string;
  lines: Array<{ amount: string }>;
}

describe('invoice documents: HTML and PDF of a billed invoice over HTTP', () => {
  let h: Harness;
  let invoice: Invoice;
  const status = async () => (await h.api<{ accepted: number; lag: number }>('GET', '/v1/status')).body;
  /** The harness's api() decodes bodies as text, which would mangle a PDF: read bytes and headers here. */
  const download = async (urlPath: string) => {
    const response = await fetch(h.server.url + urlPath, { headers: h.authHeaders() });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.api('POST', '/v1/reference', [
      customer(),
      priceBook(),
      priceBook({ version: 2, effectiveFrom: '2026-09-15T00:00:00Z', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.19' }] }),
      rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
    ]);
    for (const day of ['10', '20']) {
      await h.publish(SUBJECT, usageEvent({ data: { intervalStart: `2026-09-${day}T00:00:00.000Z`, intervalEnd: `2026-09-${day}T01:00:00.000Z` } }));
    }
    await h.waitFor(status, (s) => s.accepted === 2 && s.lag === 0);
    const run = await h.api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-09' });
    expect(run.body.invoices).toBe(1);
    [invoice] = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body as [Invoice];
  });
  afterAll(() => h?.close());

  it('serves the invoice as an HTML page with every line amount and the total', async () => {
    const r = await download(`/v1/invoices/${encodeURIComponent(invoice.invoiceId)}/html`);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^text\/html/);
    const html = r.body.toString('utf8');
    expect(html).toContain(invoice.number);
    expect(html).toContain('<dd>c-9</dd>');
    expect(html).toContain('<dd>2026-09-01 \u2013 2026-09-30 (UTC)</dd>');
    // v1: 8 GPUs × 1 h × 2.49 = 19.92; v2: 8 GPUs × 1 h × 2.19 = 17.52; total 37.44
    expect(invoice.lines.map((l) => l.amount)).toEqual(['19.92', '17.52']);
    for (const amount of ['19.92', '17.52']) expect(html).toContain(`<td class="num">${amount}</td>`);
    expect(html).toMatch(/<th>Total<\/th><td class="num">37\.44 USD<\/td>/);
    expect(html).not.toContain('class="stamp');
  });

  it('serves the invoice as a PDF, by id or by number, the same bytes every time', async () => {
    const byId = await download(`/v1/invoices/${encodeURIComponent(invoice.invoiceId)}/pdf`);
    expect(byId.status).toBe(200);
    expect(byId.contentType).toBe('application/pdf');
    expect(byId.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(byId.body.toString('latin1')).toContain(`(Invoice ${invoice.number})`);
    const byNumber = await download(`/v1/invoices/${encodeURIComponent(invoice.number)}/pdf`);
    expect(byNumber.body.equals(byId.body)).toBe(true);
  });

  it('stamps a voided invoice VOID', async () => {
    const voided = await h.api<{ status: string }>('POST', `/v1/invoices/${encodeURIComponent(invoice.invoiceId)}/void`, { reason: 'test' });
    expect(voided.body.status).toBe('void');
    const html = (await download(`/v1/invoices/${encodeURIComponent(invoice.invoiceId)}/html`)).body.toString('utf8');
    expect(html).toContain('>VOID</div>');
    expect(html).toContain('<dd>Void</dd>');
  });

  it.each(['html', 'pdf'])('answers 404 invoice_not_found as JSON for the %s of an unknown invoice', async (format) => {
    const r = await download(`/v1/invoices/in_nope/${format}`);
    expect(r.status).toBe(404);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ reason: 'invoice_not_found' });
  });
});

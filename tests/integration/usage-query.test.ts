import { customer, priceBook, rental, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

interface UsageRow {
  windowStart: string;
  windowEnd: string;
  customer?: string;
  rental?: string;
  gpuModel?: string;
  gpuHours: string;
  gpuMs: string;
  amount?: string;
  currency?: string;
}
interface UsagePage {
  rows: UsageRow[];
  nextCursor: string | null;
}
interface Invoice {
  customerId: string;
  currency: string;
  total: string;
  lines: Array<{ kind: string; rentalId: string; quantityGpuHours: string; gpuMs: string; amount: string }>;
}

const JUNE = 'from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z';

describe('GET /v1/usage: covered GPU-hours per window and group, exactly as billed', () => {
  let h: Harness;
  const usage = async (query: string) => {
    const r = await h.api<UsagePage>('GET', `/v1/usage?${query}`);
    if (r.status !== 200) throw new Error(`GET /v1/usage?${query}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const status = async () => (await h.api<{ accepted: number; duplicate: number; lag: number }>('GET', '/v1/status')).body;
  const event = (rentalId: string, gpuCount: number, gpuModel: string, start: string, end: string, id?: string) =>
    usageEvent({ ...(id ? { id } : {}), subject: `rental/${rentalId}`, data: { rentalId, gpuCount, gpuModel, intervalStart: start, intervalEnd: end } });

  beforeAll(async () => {
    // August 2026 on the clock: June has ended and can be billed, and no June interval is in the future.
    h = await startHarness({ HOURGLASS_RATING_INTERVAL_MS: '500' }, undefined, { clock: clockStartingAt('2026-08-01T00:00:00Z') });
    await h.api('POST', '/v1/reference', [
      customer({ customerId: 'c-a', updatedAt: '2026-05-01T00:00:00Z' }),
      customer({ customerId: 'c-b', currency: 'EUR', updatedAt: '2026-05-01T00:00:00Z' }),
      priceBook({
        effectiveFrom: '2026-05-01T00:00:00Z',
        rates: [
          { gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.49' },
          { gpuModel: 'A100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '1.10' },
        ],
      }),
      priceBook({ priceBookId: 'pb-eur', currency: 'EUR', effectiveFrom: '2026-05-01T00:00:00Z', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.30' }] }),
      rental({ rentalId: 'r-a1', customerId: 'c-a', startedAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z' }),
      rental({ rentalId: 'r-a2', customerId: 'c-a', gpuModel: 'A100-SXM-80GB', gpuCount: 4, startedAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z' }),
      rental({ rentalId: 'r-b1', customerId: 'c-b', gpuCount: 2, priceBookId: 'pb-eur', startedAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z' }),
    ]);
    const events = [
      // r-a1: 21:30–23:00 and 22:00–00:30 overlap (each reported in pieces of at most an hour):
      // covered once, 21:30–00:30 = 3 h × 8 GPUs = 24 GPU-h
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-10T21:30:00Z', '2026-06-10T22:30:00Z'),
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-10T22:30:00Z', '2026-06-10T23:00:00Z'),
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-10T22:00:00Z', '2026-06-10T23:00:00Z', 'a1-resent'),
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-10T22:00:00Z', '2026-06-10T23:00:00Z', 'a1-resent'), // the same event again: a duplicate
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-10T23:00:00Z', '2026-06-11T00:00:00Z'),
      event('r-a1', 8, 'H100-SXM-80GB', '2026-06-11T00:00:00Z', '2026-06-11T00:30:00Z'),
      // r-a2: 30 one-minute reports 21:45–22:15 UTC (23:45–00:15 in Berlin, across its midnight): 0.5 h × 4 = 2 GPU-h
      ...Array.from({ length: 30 }, (_, i) => {
        const start = Date.parse('2026-06-20T21:45:00Z') + i * 60_000;
        return event('r-a2', 4, 'A100-SXM-80GB', new Date(start).toISOString(), new Date(start + 60_000).toISOString());
      }),
      // r-b1: 23:30 on 30 June to 00:30 on 1 July: only the June half is June's; 0.5 h × 2 = 1 GPU-h
      event('r-b1', 2, 'H100-SXM-80GB', '2026-06-30T23:30:00Z', '2026-07-01T00:30:00Z'),
    ];
    for (const e of events) await h.publish(`usage.v1.op-42.dc-fra-1`, e);
    await h.waitFor(status, (s) => s.accepted === 36 && s.duplicate === 1 && s.lag === 0);
    const run = await h.api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-06' });
    expect(run.body.invoices).toBe(2);
  });
  afterAll(() => h?.close());

  it('totals per rental over the month equal the invoice quantities exactly', async () => {
    const invoices = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-06')).body;
    const billed = new Map<string, { gpuMs: bigint; quantity: string[] }>();
    for (const line of invoices.flatMap((i) => i.lines).filter((l) => l.kind === 'usage')) {
      const b = billed.get(line.rentalId) ?? { gpuMs: 0n, quantity: [] };
      billed.set(line.rentalId, { gpuMs: b.gpuMs + BigInt(line.gpuMs), quantity: [...b.quantity, line.quantityGpuHours] });
    }
    const page = await usage(`${JUNE}&window=month&groupBy=rental`);
    expect(page.nextCursor).toBeNull();
    expect(page.rows.map((r) => [r.rental, r.gpuHours, r.windowStart, r.windowEnd])).toEqual([
      ['r-a1', '24', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
      ['r-a2', '2', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
      ['r-b1', '1', '2026-06-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    ]);
    for (const row of page.rows) {
      expect(BigInt(row.gpuMs)).toBe(billed.get(row.rental!)!.gpuMs);
      expect([row.gpuHours]).toEqual(billed.get(row.rental!)!.quantity);
    }
  });

  it('reports utilisation (weighted) and energy (summed) of the accepted events where agents sent them', async () => {
    const page = await usage(`${JUNE}&window=month&groupBy=rental`);
    // Every fixture event reports 87.5 % and 4,200 Wh; the duplicate is not accepted and counts nothing.
    expect(page.rows.map((r) => [r.rental, (r as UsageRow & { gpuUtilizationPct?: string }).gpuUtilizationPct, (r as UsageRow & { energyWh?: string }).energyWh])).toEqual([
      ['r-a1', '87.5', '21000'],
      ['r-a2', '87.5', '126000'],
      ['r-b1', '87.5', '4200'],
    ]);
  });

  it('carries the rated amount and currency per customer, equal to the invoice totals here', async () => {
    const invoices = (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-06')).body;
    // c-a: 24 GPU-h × 2.49 = 59.76 + 2 GPU-h × 1.10 = 2.20 → 61.96 USD; c-b: 1 GPU-h × 2.30 = 2.30 EUR
    expect(invoices.map((i) => [i.customerId, i.total, i.currency]).sort()).toEqual([
      ['c-a', '61.96', 'USD'],
      ['c-b', '2.30', 'EUR'],
    ]);
    // The rating job rates in the background, a piece at a time: a partly rated month is a true answer
    // too, so wait until it has caught up with the invoices (or time out and show the last answer).
    const billed = new Map(invoices.map((i) => [i.customerId, i.total]));
    const page = await h.waitFor(
      () => usage(`${JUNE}&window=month&groupBy=customer`),
      (p) => p.rows.every((r) => r.amount === billed.get(r.customer!)),
    );
    expect(page.rows.map((r) => [r.customer, r.gpuHours, r.amount, r.currency])).toEqual([
      ['c-a', '26', '61.96', 'USD'],
      ['c-b', '1', '2.30', 'EUR'],
    ]);
  });

  it('cuts windows at local midnight in the requested zone, half-hour zones included', async () => {
    const berlin = await usage(`${JUNE}&window=day&tz=Europe/Berlin&groupBy=rental&customer=c-a`);
    // r-a1 21:30–00:30 UTC is 23:30–02:30 in Berlin (UTC+2): 0.5 h × 8 = 4 GPU-h on the 10th, 2.5 h × 8 = 20 on the 11th.
    // r-a2 23:45–00:15 in Berlin: 0.25 h × 4 = 1 GPU-h on each side of midnight.
    expect(berlin.rows.map((r) => [r.windowStart, r.windowEnd, r.rental, r.gpuHours])).toEqual([
      ['2026-06-10T00:00:00.000+02:00', '2026-06-11T00:00:00.000+02:00', 'r-a1', '4'],
      ['2026-06-11T00:00:00.000+02:00', '2026-06-12T00:00:00.000+02:00', 'r-a1', '20'],
      ['2026-06-20T00:00:00.000+02:00', '2026-06-21T00:00:00.000+02:00', 'r-a2', '1'],
      ['2026-06-21T00:00:00.000+02:00', '2026-06-22T00:00:00.000+02:00', 'r-a2', '1'],
    ]);
    const utc = await usage(`${JUNE}&window=day&groupBy=rental&customer=c-a`);
    expect(utc.rows.map((r) => [r.windowStart.slice(0, 10), r.rental, r.gpuHours])).toEqual([
      ['2026-06-10', 'r-a1', '20'],
      ['2026-06-11', 'r-a1', '4'],
      ['2026-06-20', 'r-a2', '2'],
    ]);
    // Kolkata is UTC+05:30: r-a1 is 03:00–06:00 on the 11th there, one window.
    const kolkata = await usage(`${JUNE}&window=day&tz=Asia/Kolkata&rental=r-a1`);
    expect(kolkata.rows.map((r) => [r.windowStart, r.gpuHours])).toEqual([['2026-06-11T00:00:00.000+05:30', '24']]);
    // The first window is clipped to from: June starts at 05:30 in Kolkata.
    const first = await usage(`from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&window=day&tz=Asia/Kolkata`);
    expect(first.rows).toEqual([]);
  });

  it('pages through rows with an opaque cursor that belongs to its query', async () => {
    const all = await usage(`${JUNE}&window=hour&groupBy=rental,gpuModel`);
    const seen: UsageRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: UsagePage = await usage(`${JUNE}&window=hour&groupBy=rental,gpuModel&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.rows);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(seen).toEqual(all.rows);
    expect(pages).toBe(Math.ceil(all.rows.length / 2));
    expect(all.rows.reduce((sum, r) => sum + BigInt(r.gpuMs), 0n)).toBe(27n * 3_600_000n); // 24 + 2 + 1 GPU-h

    const firstPage = await usage(`${JUNE}&window=hour&groupBy=rental,gpuModel&limit=2`);
    const foreign = await h.api<{ reason: string }>('GET', `/v1/usage?${JUNE}&window=day&groupBy=rental,gpuModel&cursor=${encodeURIComponent(firstPage.nextCursor!)}`);
    expect([foreign.status, foreign.body.reason]).toEqual([400, 'invalid_cursor']);
  });

  it('refuses a query that would scan or return too much, and says why', async () => {
    const tooLong = await h.api<{ reason: string; message: string }>('GET', '/v1/usage?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&window=month');
    expect([tooLong.status, tooLong.body.reason]).toEqual([400, 'query_too_large']);
    expect(tooLong.body.message).toMatch(/split it/);
    const tooMany = await h.api<{ reason: string; message: string }>('GET', '/v1/usage?from=2026-01-01T00:00:00Z&to=2026-07-01T00:00:00Z&window=hour&groupBy=rental,customer,gpuModel');
    expect([tooMany.status, tooMany.body.reason]).toEqual([400, 'query_too_large']);
    expect(tooMany.body.message).toMatch(/longer window|filter/);
    const invalid = await h.api<{ reason: string; errors: string[] }>('GET', '/v1/usage?from=yesterday&window=week&tz=Mars/Olympus&groupBy=planet');
    expect(invalid.status).toBe(400);
    expect(invalid.body.reason).toBe('invalid_query');
    expect(invalid.body.errors).toHaveLength(5);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await h.api<{ paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> }>('GET', '/v1/openapi.json')).body;
    expect(doc.paths['/v1/usage']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'window', 'tz', 'groupBy', 'cursor', 'customer']));
  });
});

import { parseReferenceDocument } from '@hourglass/contracts';
import { buildFleet, GPU_MODELS, referenceDocuments, type FleetOptions } from './fleet';

const NOV_2026 = Date.UTC(2026, 10, 1);
const DEC_2026 = Date.UTC(2026, 11, 1);

const OPTIONS: FleetOptions = {
  seed: 11,
  customers: 12,
  rentalsPerCustomer: 10,
  operators: 4,
  currencies: ['USD', 'EUR', 'JPY', 'BHD'],
  periodStartMs: NOV_2026,
  periodEndMs: DEC_2026,
};

describe('buildFleet', () => {
  const sut = buildFleet(OPTIONS);

  it('is a pure function of its options', () => {
    expect(buildFleet(OPTIONS)).toEqual(sut);
    expect(JSON.stringify(buildFleet({ ...OPTIONS, seed: 12 }).rentals)).not.toEqual(JSON.stringify(sut.rentals));
  });

  it('builds documents that the contract parser accepts as their own kind', () => {
    for (const doc of sut.customers) expect(parseReferenceDocument(doc, 'customer')).toMatchObject({ ok: true });
    for (const doc of sut.priceBooks) expect(parseReferenceDocument(doc, 'priceBook')).toMatchObject({ ok: true });
    for (const doc of sut.rentals) expect(parseReferenceDocument(doc, 'rental')).toMatchObject({ ok: true });
  });

  it('returns reference documents customers first, then price books, then rentals', () => {
    const docs = referenceDocuments(sut);
    expect(docs).toEqual([...sut.customers, ...sut.priceBooks, ...sut.rentals]);
    expect(docs).toHaveLength(12 + 4 + 120);
  });

  it('has one price book per currency, with a flat rate for every model and class a rental can use', () => {
    expect(sut.priceBooks.map((b) => [b.priceBookId, b.currency, b.version])).toEqual([
      ['pb-usd', 'USD', 1],
      ['pb-eur', 'EUR', 1],
      ['pb-jpy', 'JPY', 1],
      ['pb-bhd', 'BHD', 1],
    ]);
    const customers = new Map(sut.customers.map((c) => [c.customerId, c]));
    for (const rental of sut.rentals) {
      const book = sut.priceBooks.find((b) => b.priceBookId === rental.priceBookId);
      expect(book?.currency).toBe(customers.get(rental.customerId)?.currency);
      expect(book?.rates.some((r) => r.gpuModel === rental.gpuModel && r.pricingClass === rental.pricingClass)).toBe(true);
      expect(Date.parse(book?.effectiveFrom ?? '')).toBeLessThanOrEqual(Date.parse(rental.startedAt));
    }
  });

  it('writes prices as decimal strings in each currency’s precision', () => {
    const price = (currency: string, gpuModel: string, pricingClass: string) =>
      sut.priceBooks.find((b) => b.currency === currency)?.rates.find((r) => r.gpuModel === gpuModel && r.pricingClass === pricingClass)?.unitPrice;
    expect(price('USD', 'H100-SXM-80GB', 'on_demand')).toBe('2.49');
    expect(price('USD', 'RTX-4090', 'spot')).toBe('0.2875');
    // 2.49 × 0.92 = 2.2908 → 2.29; × 150 = 373.5 → 374; × 0.377 = 0.93873 → 0.939
    expect(price('EUR', 'H100-SXM-80GB', 'on_demand')).toBe('2.29');
    expect(price('JPY', 'H100-SXM-80GB', 'on_demand')).toBe('374');
    expect(price('BHD', 'H100-SXM-80GB', 'on_demand')).toBe('0.939');
  });

  it('adds a dearer version 2 when asked for a price change', () => {
    const changeMs = Date.UTC(2026, 10, 15);
    const fleet = buildFleet({ ...OPTIONS, currencies: ['USD'], priceChangeAtMs: changeMs });
    expect(fleet.priceBooks.map((b) => [b.version, b.effectiveFrom])).toEqual([
      [1, '2026-10-02T00:00:00.000Z'],
      [2, '2026-11-15T00:00:00.000Z'],
    ]);
    // 2.49 × 1.10 = 2.739
    expect(fleet.priceBooks[1]?.rates[0]).toEqual({ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.739' });
  });

  it('names operators, datacenters and nodes as agents do', () => {
    expect(sut.operators.map((o) => o.operatorId)).toEqual(['op-1', 'op-2', 'op-3', 'op-4']);
    for (const rental of sut.rentals) {
      expect(rental.operatorId).toMatch(/^op-[1-4]$/);
      expect(rental.datacenterId).toMatch(/^dc-[a-z]{3}-1$/);
      expect(rental.nodeId).toMatch(/^node-\d+$/);
      const operator = sut.operators.find((o) => o.operatorId === rental.operatorId);
      const datacenter = operator?.datacenters.find((d) => d.datacenterId === rental.datacenterId);
      expect(datacenter?.nodeIds).toContain(rental.nodeId);
    }
  });

  it('draws realistic rentals: real GPU models, 1/2/4/8 GPUs, mostly on demand, some spot', () => {
    const models = new Set(GPU_MODELS.map((m) => m.gpuModel));
    for (const rental of sut.rentals) {
      expect(models.has(rental.gpuModel)).toBe(true);
      expect([1, 2, 4, 8]).toContain(rental.gpuCount);
      expect(rental.commitment).toBeNull();
    }
    const spot = sut.rentals.filter((r) => r.pricingClass === 'spot').length;
    expect(spot).toBeGreaterThan(0);
    expect(spot).toBeLessThan(sut.rentals.length / 2);
  });

  it('has rentals that start after the period starts and rentals that end before it ends', () => {
    const starts = sut.rentals.map((r) => Date.parse(r.startedAt));
    const ends = sut.rentals.map((r) => (r.endedAt === null ? null : Date.parse(r.endedAt)));
    expect(starts.some((ms) => ms > NOV_2026)).toBe(true);
    expect(starts.some((ms) => ms <= NOV_2026)).toBe(true);
    expect(ends.some((ms) => ms !== null && ms < DEC_2026)).toBe(true);
    expect(ends.some((ms) => ms === null)).toBe(true);
    sut.rentals.forEach((r, i) => {
      const end = ends[i];
      if (end !== null && end !== undefined) expect(end).toBeGreaterThan(starts[i] as number);
    });
  });

  it('prefixes every id that must not collide between tests sharing a server', () => {
    const fleet = buildFleet({ ...OPTIONS, idPrefix: 't42-' });
    expect(fleet.operators[0]?.operatorId).toBe('t42-op-1');
    expect(fleet.customers[0]?.customerId).toBe('t42-c-1');
    expect(fleet.priceBooks[0]?.priceBookId).toBe('t42-pb-usd');
    expect(fleet.rentals[0]?.rentalId).toBe('t42-r-1');
    expect(fleet.rentals[0]?.priceBookId).toMatch(/^t42-pb-/);
  });

  it('keeps a valid rental window even for a one-millisecond period', () => {
    const fleet = buildFleet({ ...OPTIONS, periodStartMs: NOV_2026, periodEndMs: NOV_2026 + 1 });
    for (const doc of fleet.rentals) expect(parseReferenceDocument(doc, 'rental')).toMatchObject({ ok: true });
  });

  it.each<[string, Partial<FleetOptions>]>([
    ['no customers', { customers: 0 }],
    ['no operators', { operators: 0 }],
    ['an empty period', { periodEndMs: NOV_2026 }],
    ['a prefix that breaks NATS subjects', { idPrefix: 'a.b' }],
    ['an unknown currency', { currencies: ['XXX'] }],
    ['a repeated currency', { currencies: ['USD', 'USD'] }],
  ])('refuses %s', (_name, patch) => {
    expect(() => buildFleet({ ...OPTIONS, ...patch })).toThrow(RangeError);
  });
});

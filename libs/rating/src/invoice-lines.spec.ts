import fc from 'fast-check';
import { dec, roundToMinor } from '@hourglass/money';
import { Period } from '@hourglass/time';
import { CurrencyMismatchError, MissingRateError, UnpricedUsageError } from './errors';
import { adjustmentLine, usageLines, type RentalUsage } from './invoice-lines';
import { flatExact } from './rate/flat';
import type { Span } from '@hourglass/time';
import type { PriceBookVersion, Rate, Rental } from './types';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);
const NOV = Period.parse('2026-11').span;

const flatRate = (unitPrice: string, over: Partial<Rate> = {}): Rate => ({
  gpuModel: 'H100',
  pricingClass: 'on_demand',
  unitPrice,
  tiers: null,
  tierMode: null,
  packageGpuHours: null,
  minimumCharge: null,
  ...over,
});
const version = (n: number, from: string, rates: Rate[], currency = 'USD'): PriceBookVersion => ({
  priceBookId: 'pb-std',
  version: n,
  effectiveFromMs: t(from),
  currency,
  platformFeeRate: '0.15',
  rates,
});
const rental = (id: string, over: Partial<Rental> = {}): Rental => ({
  rentalId: id,
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-std',
  startedAtMs: NOV.startMs,
  endedAtMs: null,
  commitment: null,
  updatedAtMs: NOV.startMs,
  ...over,
});
const hours = (fromIso: string, h: number): Span => ({ startMs: t(fromIso), endMs: t(fromIso) + h * H });
const minutes = (fromIso: string, m: number): Span => ({ startMs: t(fromIso), endMs: t(fromIso) + m * 60_000 });

const V1 = version(1, '2026-10-01T00:00:00Z', [flatRate('2.49')]);
const lineView = (l: ReturnType<typeof usageLines>[number]) => ({
  rentalId: l.rentalId,
  version: l.priceBookVersion,
  hours: l.quantityGpuHours,
  amount: l.amount.toString(),
  share: l.operatorShare.toString(),
  fee: l.platformFee.toString(),
});
const run = (rentals: RentalUsage[], currency = 'USD') => usageLines({ customerId: 'c-9', currency, period: NOV, rentals });

describe('usageLines', () => {
  it('prices a flat on-demand rental from its GPU-ms, rounded once', () => {
    // 8 GPUs × 90 h × 2.49 = 1792.80; share × 0.85 = 1523.88; fee 268.92
    const lines = run([{ rental: rental('r-1'), coveredIntervals: [hours('2026-11-02T00:00:00Z', 90)], versions: [V1] }]);
    expect(lines.map(lineView)).toEqual([{ rentalId: 'r-1', version: 1, hours: '720', amount: '1792.8', share: '1523.88', fee: '268.92' }]);
    expect(lines[0]).toMatchObject({ kind: 'usage', servicePeriod: '2026-11', unitPrice: '2.49', gpuMs: 720n * 3_600_000n, operatorId: 'op-42' });
  });

  it('splits a rental at a mid-month price change into one line per version', () => {
    // Nov 10 → Nov 15 at 2.49: 1 GPU × 120 h × 2.49 = 298.80 (share 253.98, fee 44.82)
    // Nov 15 → Nov 20 at 2.19: 1 GPU × 120 h × 2.19 = 262.80 (share 223.38, fee 39.42)
    const V2 = version(2, '2026-11-15T00:00:00Z', [flatRate('2.19')]);
    const lines = run([{ rental: rental('r-1', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-10T00:00:00Z', 240)], versions: [V2, V1] }]);
    expect(lines.map(lineView)).toEqual([
      { rentalId: 'r-1', version: 1, hours: '120', amount: '298.8', share: '253.98', fee: '44.82' },
      { rentalId: 'r-1', version: 2, hours: '120', amount: '262.8', share: '223.38', fee: '39.42' },
    ]);
  });

  it('prices JPY and BHD to their minor units, halves away from zero', () => {
    // 3 GPUs × 4.5 h × 350 = 4725; half case: 1 GPU × 0.5 h × 5 = 2.5 → 3
    const jpy = version(1, '2026-10-01T00:00:00Z', [flatRate('350'), flatRate('5', { gpuModel: 'T4' })], 'JPY');
    const jpyLines = run(
      [
        { rental: rental('r-1', { gpuCount: 3 }), coveredIntervals: [minutes('2026-11-02T00:00:00Z', 270)], versions: [jpy] },
        { rental: rental('r-2', { gpuCount: 1, gpuModel: 'T4' }), coveredIntervals: [minutes('2026-11-02T00:00:00Z', 30)], versions: [jpy] },
      ],
      'JPY',
    );
    // shares: 4725 × 0.85 = 4016.25 → 4016, fee 709; 3 × 0.85 = 2.55 → 3, fee 0
    expect(jpyLines.map(lineView)).toEqual([
      { rentalId: 'r-1', version: 1, hours: '13.5', amount: '4725', share: '4016', fee: '709' },
      { rentalId: 'r-2', version: 1, hours: '0.5', amount: '3', share: '3', fee: '0' },
    ]);
    // 2 GPUs × 10 h × 0.925 = 18.500; half case: 1 GPU × 0.5 h × 0.001 = 0.0005 → 0.001
    const bhd = version(1, '2026-10-01T00:00:00Z', [flatRate('0.925'), flatRate('0.001', { gpuModel: 'T4' })], 'BHD');
    const bhdLines = run(
      [
        { rental: rental('r-1', { gpuCount: 2 }), coveredIntervals: [hours('2026-11-02T00:00:00Z', 10)], versions: [bhd] },
        { rental: rental('r-2', { gpuCount: 1, gpuModel: 'T4' }), coveredIntervals: [minutes('2026-11-02T00:00:00Z', 30)], versions: [bhd] },
      ],
      'BHD',
    );
    // shares: 18.5 × 0.85 = 15.725, fee 2.775; 0.001 × 0.85 = 0.00085 → 0.001, fee 0
    expect(bhdLines.map(lineView)).toEqual([
      { rentalId: 'r-1', version: 1, hours: '20', amount: '18.5', share: '15.725', fee: '2.775' },
      { rentalId: 'r-2', version: 1, hours: '0.5', amount: '0.001', share: '0.001', fee: '0' },
    ]);
  });

  it('prices graduated tiers on the customer total and attributes them to rentals and operators', () => {
    const tiers = [{ upToGpuHours: '1000', unitPrice: '2.49' }, { upToGpuHours: null, unitPrice: '2.19' }];
    const graduated = version(1, '2026-10-01T00:00:00Z', [flatRate('0', { unitPrice: null, tiers, tierMode: 'graduated' })]);
    const input = [
      { rental: rental('r-a', { gpuCount: 1, operatorId: 'op-1' }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 600)], versions: [graduated] },
      { rental: rental('r-b', { gpuCount: 2, operatorId: 'op-2' }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 450)], versions: [graduated] },
    ];
    // 1 GPU × 600 h + 2 GPUs × 450 h = 1500 h: 1000 × 2.49 + 500 × 2.19 = 3585.00 → r-a 600/1500 = 1434.00, r-b 2151.00
    // shares: 1434 × 0.85 = 1218.90 (fee 215.10); 2151 × 0.85 = 1828.35 (fee 322.65)
    const lines = run(input);
    expect(lines.map(lineView)).toEqual([
      { rentalId: 'r-a', version: 1, hours: '600', amount: '1434', share: '1218.9', fee: '215.1' },
      { rentalId: 'r-b', version: 1, hours: '900', amount: '2151', share: '1828.35', fee: '322.65' },
    ]);
    expect(lines.map((l) => [l.operatorId, l.unitPrice])).toEqual([['op-1', null], ['op-2', null]]);

    // the same usage under volume tiers: 1500 × 2.19 = 3285.00 → 1314.00, 1971.00
    const volume = version(1, '2026-10-01T00:00:00Z', [flatRate('0', { unitPrice: null, tiers, tierMode: 'volume' })]);
    const volumeLines = run(input.map((i) => ({ ...i, versions: [volume] })));
    expect(volumeLines.map((l) => l.amount.toString())).toEqual(['1314', '1971']);
  });

  it('restarts tiers at a price change: each version prices its own total', () => {
    // v1 (Nov 1–15): 1 GPU × 336 h; v2 (Nov 15–): 1 GPU × 100 h; tiers up to 200 @ 2, then 1
    // v1: 200 × 2 + 136 × 1 = 536.00; v2: 100 × 2 = 200.00
    const tiers = [{ upToGpuHours: '200', unitPrice: '2' }, { upToGpuHours: null, unitPrice: '1' }];
    const tiered = flatRate('0', { unitPrice: null, tiers, tierMode: 'graduated' });
    const versions = [version(1, '2026-10-01T00:00:00Z', [tiered]), version(2, '2026-11-15T00:00:00Z', [tiered])];
    const lines = run([{ rental: rental('r-1', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 336 + 100)], versions }]);
    expect(lines.map((l) => [l.priceBookVersion, l.quantityGpuHours, l.amount.toString()])).toEqual([
      [1, '336', '536'],
      [2, '100', '200'],
    ]);
  });

  it('prices packages and minimums on the group', () => {
    // packages of 10 GPU-h at 20.00: 25 h → 3 packages = 60.00, shared 10:15 → 24.00, 36.00
    const pkg = version(1, '2026-10-01T00:00:00Z', [flatRate('20.00', { packageGpuHours: '10' })]);
    const pkgLines = run([
      { rental: rental('r-a', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 10)], versions: [pkg] },
      { rental: rental('r-b', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 15)], versions: [pkg] },
    ]);
    expect(pkgLines.map((l) => [l.amount.toString(), l.unitPrice])).toEqual([['24', null], ['36', null]]);

    // 2.00 with a 100.00 minimum: 1 GPU × 10 h × 2.00 = 20.00 → 100.00
    const min = version(1, '2026-10-01T00:00:00Z', [flatRate('2.00', { minimumCharge: '100' })]);
    const minLines = run([{ rental: rental('r-a', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-01T00:00:00Z', 10)], versions: [min] }]);
    expect(minLines.map((l) => [l.amount.toString(), l.exact.toString()])).toEqual([['100', '100']]);
  });

  it('prorates a minimum across a mid-month price change', () => {
    // v2 governs Nov 15 → Dec 1 = 16 of 30 days: 100 × 16/30 = 53.333… → 53.33
    // v1 governs 14 days: 100 × 14/30 = 46.67; together one month's minimum, 100.00
    const rates = [flatRate('2.00', { minimumCharge: '100' })];
    const versions = [version(1, '2026-10-01T00:00:00Z', rates), version(2, '2026-11-15T00:00:00Z', rates)];
    const lines = run([
      { rental: rental('r-a', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-14T00:00:00Z', 2)], versions },
      { rental: rental('r-b', { gpuCount: 1 }), coveredIntervals: [hours('2026-11-16T00:00:00Z', 2)], versions },
    ]);
    expect(lines.map((l) => [l.rentalId, l.priceBookVersion, l.amount.toString()])).toEqual([
      ['r-a', 1, '46.67'],
      ['r-b', 2, '53.33'],
    ]);
  });

  it('charges no usage for a reserved rental', () => {
    const reserved = rental('r-res', { pricingClass: 'reserved', commitment: { termMonths: 3, autoRenew: true } });
    expect(run([{ rental: reserved, coveredIntervals: [hours('2026-11-02T00:00:00Z', 90)], versions: [V1] }])).toEqual([]);
  });

  it('clips covered time to the period', () => {
    // Oct 31 22:00 → Nov 1 02:00: only 2 h in November; 8 × 2 h × 2.49 = 39.84
    const lines = run([{ rental: rental('r-1'), coveredIntervals: [hours('2026-10-31T22:00:00Z', 4)], versions: [V1] }]);
    expect(lines.map((l) => [l.quantityGpuHours, l.amount.toString()])).toEqual([['16', '39.84']]);
  });

  it('shows a non-terminating quantity to 12 digits and still prices it exactly', () => {
    // 1 GPU-minute = 0.0166… h; 8 GPU-min × 2.49 / 60 = 0.332 → 0.33
    const lines = run([{ rental: rental('r-1'), coveredIntervals: [minutes('2026-11-02T00:00:00Z', 1)], versions: [V1] }]);
    expect(lines.map((l) => [l.quantityGpuHours, l.exact.toString(), l.amount.toString()])).toEqual([['0.133333333333', '0.332', '0.33']]);
  });

  it('refuses to bill usage it cannot price', () => {
    const late = version(1, '2026-11-10T00:00:00Z', [flatRate('2.49')]);
    expect(() => run([{ rental: rental('r-1'), coveredIntervals: [hours('2026-11-02T00:00:00Z', 1)], versions: [late] }])).toThrow(UnpricedUsageError);
    expect(() => run([{ rental: rental('r-1', { pricingClass: 'spot' }), coveredIntervals: [hours('2026-11-02T00:00:00Z', 1)], versions: [V1] }])).toThrow(
      MissingRateError,
    );
    expect(() => run([{ rental: rental('r-1'), coveredIntervals: [hours('2026-11-02T00:00:00Z', 1)], versions: [V1] }], 'EUR')).toThrow(CurrencyMismatchError);
    expect(() => usageLines({ customerId: 'c-9', currency: 'USD', period: { startMs: NOV.startMs, endMs: NOV.startMs + H }, rentals: [] })).toThrow(
      /calendar month/,
    );
  });

  describe('properties', () => {
    const period = { startMs: NOV.startMs, endMs: NOV.endMs };
    // disjoint sorted intervals inside November, as a union of covered time would be
    const coveredArb = fc
      .uniqueArray(fc.integer({ min: period.startMs - 2 * H, max: period.endMs + 2 * H }), { minLength: 0, maxLength: 16 })
      .map((points) => {
        const sorted = [...points].sort((a, b) => a - b);
        const spans: Span[] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) spans.push({ startMs: sorted[i], endMs: sorted[i + 1] });
        return spans;
      });
    const priceArb = fc.bigInt({ min: 0n, max: 10n ** 7n }).map((m) => dec(`${m}e-4`).toFixed(4));
    const cut = (spans: Span[], cuts: number[]): Span[] =>
      spans.flatMap((s) => {
        const inside = [...new Set(cuts.filter((c) => c > s.startMs && c < s.endMs))].sort((a, b) => a - b);
        const bounds = [s.startMs, ...inside, s.endMs];
        return bounds.slice(1).map((endMs, i) => ({ startMs: bounds[i], endMs }));
      });
    const versionsFor = (p1: string, p2: string, mode: 'flat' | 'graduated') => {
      const rate = (p: string) =>
        mode === 'flat'
          ? flatRate(p)
          : flatRate('0', { unitPrice: null, tierMode: 'graduated', tiers: [{ upToGpuHours: '50', unitPrice: p }, { upToGpuHours: null, unitPrice: p1 }] });
      return [version(1, '2026-10-01T00:00:00Z', [rate(p1)]), version(2, '2026-11-15T00:00:00Z', [rate(p2)])];
    };

    it('gives the same exact amounts however covered time is split or ordered', () => {
      fc.assert(
        fc.property(
          coveredArb,
          coveredArb,
          fc.array(fc.integer({ min: period.startMs, max: period.endMs }), { maxLength: 8 }),
          priceArb,
          priceArb,
          fc.constantFrom<'flat' | 'graduated'>('flat', 'graduated'),
          fc.constantFrom('USD', 'JPY', 'BHD'),
          (a, b, cuts, p1, p2, mode, currency) => {
            const versions = versionsFor(p1, p2, mode).map((v) => ({ ...v, currency }));
            const whole = run(
              [
                { rental: rental('r-a', { gpuCount: 3 }), coveredIntervals: a, versions },
                { rental: rental('r-b', { gpuCount: 5 }), coveredIntervals: b, versions },
              ],
              currency,
            );
            const pieces = run(
              [
                { rental: rental('r-b', { gpuCount: 5 }), coveredIntervals: cut(b, cuts).reverse(), versions },
                { rental: rental('r-a', { gpuCount: 3 }), coveredIntervals: cut(a, cuts).reverse(), versions },
              ],
              currency,
            );
            expect(pieces.map((l) => [l.rentalId, l.priceBookVersion, l.gpuMs, l.exact.toString(), l.amount.toString()])).toEqual(
              whole.map((l) => [l.rentalId, l.priceBookVersion, l.gpuMs, l.exact.toString(), l.amount.toString()]),
            );
          },
        ),
      );
    });

    it('rounds each flat line once from its GPU-ms, and shares plus fees equal amounts', () => {
      fc.assert(
        fc.property(coveredArb, priceArb, priceArb, fc.constantFrom('USD', 'JPY', 'BHD'), (a, p1, p2, currency) => {
          const versions = versionsFor(p1, p2, 'flat').map((v) => ({ ...v, currency }));
          const lines = run([{ rental: rental('r-a', { gpuCount: 7 }), coveredIntervals: a, versions }], currency);
          for (const line of lines) {
            const price = line.priceBookVersion === 1 ? p1 : p2;
            expect(line.amount.eq(roundToMinor(flatExact(price, line.gpuMs), currency))).toBe(true);
            expect(line.operatorShare.plus(line.platformFee).eq(line.amount)).toBe(true);
          }
        }),
      );
    });
  });
});

describe('adjustmentLine', () => {
  it('prices late flat usage on its own', () => {
    // 2 GPU-h × 2.49 = 4.98 for November, billed later; share 4.98 × 0.85 = 4.233 → 4.23, fee 0.75
    const line = adjustmentLine({ rental: rental('r-1'), version: V1, servicePeriod: '2026-11', newlyCoveredGpuMs: 2n * 3_600_000n });
    expect([line.kind, line.servicePeriod, line.quantityGpuHours, line.amount.toString(), line.operatorShare.toString(), line.platformFee.toString()]).toEqual([
      'adjustment', '2026-11', '2', '4.98', '4.23', '0.75',
    ]);
  });

  it('continues graduated tiers where the invoice left off', () => {
    // 999 h invoiced; 2 h late: 1 h × 2.49 + 1 h × 2.19 = 4.68
    const tiers = [{ upToGpuHours: '1000', unitPrice: '2.49' }, { upToGpuHours: null, unitPrice: '2.19' }];
    const v = version(1, '2026-10-01T00:00:00Z', [flatRate('0', { unitPrice: null, tiers, tierMode: 'graduated' })]);
    const line = adjustmentLine({
      rental: rental('r-1'),
      version: v,
      servicePeriod: '2026-11',
      newlyCoveredGpuMs: 2n * 3_600_000n,
      invoicedGroupGpuMs: 999n * 3_600_000n,
    });
    expect(line.amount.toString()).toBe('4.68');
    expect(() => adjustmentLine({ rental: rental('r-1'), version: v, servicePeriod: '2026-11', newlyCoveredGpuMs: 1n })).toThrow(/invoicedGroupGpuMs/);
  });

  it('charges nothing more while late usage stays under a minimum already billed', () => {
    // invoiced 10 h × 2.00 = 20 → minimum 100; 5 h late: 30 < 100 → 0
    const v = version(1, '2026-10-01T00:00:00Z', [flatRate('2.00', { minimumCharge: '100' })]);
    const line = adjustmentLine({
      rental: rental('r-1'),
      version: v,
      servicePeriod: '2026-11',
      newlyCoveredGpuMs: 5n * 3_600_000n,
      invoicedGroupGpuMs: 10n * 3_600_000n,
    });
    expect(line.amount.toString()).toBe('0');
  });
});

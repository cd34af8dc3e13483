import fc from 'fast-check';
import { Dec } from '@hourglass/money';
import type { PriceBookVersion, Rate, Rental } from '@hourglass/rating';

import { hourlyPrice, rateHour, splitExact } from './rate-hour';
import { MS_PER_HOUR } from '@hourglass/time';

const MIN = 60_000;
const H0 = Date.UTC(2026, 9, 5, 12); // 2026-10-05T12:00Z

const rental = (over: Partial<Rental> = {}): Rental => ({
  rentalId: 'r-1',
  customerId: 'c-1',
  operatorId: 'op-1',
  datacenterId: 'dc-1',
  nodeId: 'n-1',
  gpuModel: 'H100',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb',
  startedAtMs: Date.UTC(2026, 9, 1),
  endedAtMs: null,
  commitment: null,
  updatedAtMs: Date.UTC(2026, 9, 1),
  ...over,
});

const flat = (unitPrice: string, over: Partial<Rate> = {}): Rate => ({
  gpuModel: 'H100',
  pricingClass: 'on_demand',
  unitPrice,
  tiers: null,
  tierMode: null,
  packageGpuHours: null,
  minimumCharge: null,
  ...over,
});

const version = (v: number, effectiveFromMs: number, rates: Rate[], over: Partial<PriceBookVersion> = {}): PriceBookVersion => ({
  priceBookId: 'pb',
  version: v,
  effectiveFromMs,
  currency: 'USD',
  platformFeeRate: '0.15',
  rates,
  ...over,
});

const V1 = version(1, Date.UTC(2026, 0, 1), [flat('2.49')]);
const span = (fromMin: number, toMin: number) => ({ startMs: H0 + fromMin * MIN, endMs: H0 + toMin * MIN });

describe('rateHour', () => {
  it('prices a full hour of a flat rate exactly, with share and fee', () => {
    const { rated, unpriced } = rateHour({ rental: rental(), hourStartMs: H0, covered: [span(0, 60)], versions: [V1] });
    expect(unpriced).toEqual([]);
    // 8 GPUs × 1 h × 2.49 = 19.92; share 19.92 × 0.85 = 16.932; fee 2.988
    expect(rated.map((r) => [r.priceBookVersion, r.gpuMs, r.unitPrice, r.exactAmount.toFixed(), r.operatorShare.toFixed(), r.platformFee.toFixed()])).toEqual([
      [1, BigInt(8 * MS_PER_HOUR), '2.49', '19.92', '16.932', '2.988'],
    ]);
  });

  it('keeps the unrounded amount of a partial hour at 18 decimals', () => {
    const { rated } = rateHour({ rental: rental({ gpuCount: 1 }), hourStartMs: H0, covered: [span(0, 1)], versions: [V1] });
    // 1 GPU-minute × 2.49 = 0.0415 exactly (not rounded to 0.04 as an invoice line would be)
    expect(rated[0]!.exactAmount.toFixed()).toBe('0.0415');
    const odd = rateHour({ rental: rental({ gpuCount: 1 }), hourStartMs: H0, covered: [{ startMs: H0, endMs: H0 + 1000 }], versions: [V1] });
    // 1000 GPU-ms × 2.49 / 3.6e6 = 0.000691666… → 18 decimals, half up
    expect(odd.rated[0]!.exactAmount.toFixed()).toBe('0.000691666666666667');
  });

  it('splits an hour at a version boundary inside it, one row per version', () => {
    const v2 = version(2, H0 + 30 * MIN, [flat('2.19')]);
    const { rated } = rateHour({ rental: rental(), hourStartMs: H0, covered: [span(0, 60)], versions: [V1, v2] });
    // v1: 8 × 0.5 h × 2.49 = 9.96; v2: 8 × 0.5 h × 2.19 = 8.76
    expect(rated.map((r) => [r.priceBookVersion, r.gpuMs, r.exactAmount.toFixed()])).toEqual([
      [1, BigInt(4 * MS_PER_HOUR), '9.96'],
      [2, BigInt(4 * MS_PER_HOUR), '8.76'],
    ]);
  });

  it('lets a correction with the same effectiveFrom replace the version it corrects', () => {
    const fix = version(2, V1.effectiveFromMs, [flat('1.99')]);
    const { rated } = rateHour({ rental: rental({ gpuCount: 1 }), hourStartMs: H0, covered: [span(0, 60)], versions: [V1, fix] });
    expect(rated.map((r) => [r.priceBookVersion, r.exactAmount.toFixed()])).toEqual([[2, '1.99']]);
  });

  it('leaves out a version without covered time in the hour', () => {
    const v2 = version(2, H0 + 30 * MIN, [flat('2.19')]);
    const { rated } = rateHour({ rental: rental({ gpuCount: 1 }), hourStartMs: H0, covered: [span(40, 50)], versions: [V1, v2] });
    expect(rated.map((r) => r.priceBookVersion)).toEqual([2]);
  });

  it("clips covered time to the rental's window", () => {
    const r = rental({ gpuCount: 1, startedAtMs: H0 + 10 * MIN, endedAtMs: H0 + 40 * MIN });
    const { rated } = rateHour({ rental: r, hourStartMs: H0, covered: [span(0, 60)], versions: [V1] });
    expect(rated[0]!.gpuMs).toBe(BigInt(30 * MIN));
    expect(rateHour({ rental: r, hourStartMs: H0 + MS_PER_HOUR, covered: [{ startMs: H0 + MS_PER_HOUR, endMs: H0 + 2 * MS_PER_HOUR }], versions: [V1] })).toEqual({ rated: [], unpriced: [] });
  });

  it('reports time before the first version, and a missing rate, as unpriced instead of pricing it at zero', () => {
    const late = version(1, H0 + 45 * MIN, [flat('2.49', { gpuModel: 'A100' })]);
    const { rated, unpriced } = rateHour({ rental: rental({ gpuCount: 1 }), hourStartMs: H0, covered: [span(30, 60)], versions: [late] });
    expect(rated).toEqual([]);
    expect(unpriced.map((u) => [u.reason, u.gpuMs])).toEqual([
      ['no_price_version', BigInt(15 * MIN)],
      ['no_rate', BigInt(15 * MIN)],
    ]);
  });

  it('records reserved usage at amount zero: the commitment is what is charged', () => {
    const { rated } = rateHour({
      rental: rental({ pricingClass: 'reserved', commitment: { termMonths: 3, autoRenew: true } }),
      hourStartMs: H0,
      covered: [span(0, 30)],
      versions: [V1],
    });
    expect(rated.map((r) => [r.gpuMs, r.unitPrice, r.exactAmount.toFixed(), r.operatorShare.toFixed(), r.platformFee.toFixed()])).toEqual([
      [BigInt(8 * 30 * MIN), null, '0', '0', '0'],
    ]);
  });

  it('refuses covered pieces that overlap: they would count a millisecond twice', () => {
    expect(() => rateHour({ rental: rental(), hourStartMs: H0, covered: [span(0, 30), span(20, 40)], versions: [V1] })).toThrow(/disjoint/);
  });

  it('accounts for every covered GPU-ms exactly once, and shares plus fees equal amounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MS_PER_HOUR }), { maxLength: 12 }),
        fc.array(fc.integer({ min: -MS_PER_HOUR, max: 2 * MS_PER_HOUR }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: MS_PER_HOUR }),
        fc.integer({ min: 0, max: MS_PER_HOUR }),
        (points, effectiveOffsets, gpuCount, startOffset, endOffset) => {
          const sorted = [...new Set(points)].sort((a, b) => a - b);
          const covered = [];
          for (let i = 0; i + 1 < sorted.length; i += 2) covered.push({ startMs: H0 + sorted[i]!, endMs: H0 + sorted[i + 1]! });
          const versions = effectiveOffsets.map((o, i) => version(i + 1, H0 + o, [flat(`${i + 1}.37`)], { platformFeeRate: '0.175' }));
          const r = rental({ gpuCount, startedAtMs: H0 + Math.min(startOffset, endOffset), endedAtMs: H0 + Math.max(startOffset, endOffset) });
          const { rated, unpriced } = rateHour({ rental: r, hourStartMs: H0, covered, versions });
          const window = { startMs: r.startedAtMs, endMs: r.endedAtMs! };
          const expectedMs = covered.reduce((ms, s) => ms + Math.max(0, Math.min(s.endMs, window.endMs) - Math.max(s.startMs, window.startMs)), 0);
          const total = [...rated, ...unpriced].reduce((sum, x) => sum + x.gpuMs, 0n);
          expect(total).toBe(BigInt(expectedMs) * BigInt(gpuCount));
          for (const row of rated) {
            expect(row.operatorShare.plus(row.platformFee).eq(row.exactAmount)).toBe(true);
            expect(new Set(rated.map((x) => x.priceBookVersion)).size).toBe(rated.length);
          }
        },
      ),
    );
  });
});

describe('hourlyPrice', () => {
  it('prices tiers at the first tier: the list price before volume discounts', () => {
    const tiered = flat('0', { unitPrice: null, tiers: [{ upToGpuHours: '1000', unitPrice: '2.49' }, { upToGpuHours: null, unitPrice: '2.19' }], tierMode: 'graduated' });
    const price = hourlyPrice(tiered);
    expect(price.unitPrice).toBe('2.49');
    expect(price.exact(BigInt(2 * MS_PER_HOUR)).toFixed()).toBe('4.98');
  });

  it('spreads a package price over its GPU-hours without rounding up to whole packages', () => {
    const pkg = flat('100', { packageGpuHours: '40' });
    const price = hourlyPrice(pkg);
    expect(price.unitPrice).toBeNull();
    // 100 / 40 h × 8 h = 20 (the invoice would charge one whole package: 100)
    expect(price.exact(BigInt(8 * MS_PER_HOUR)).toFixed()).toBe('20');
  });

  it('ignores a minimum charge per hour: it applies once per month on the invoice', () => {
    expect(hourlyPrice(flat('2.49', { minimumCharge: '100' })).exact(BigInt(MS_PER_HOUR)).toFixed()).toBe('2.49');
  });
});

describe('splitExact', () => {
  it('rounds the share at 18 decimals and leaves the fee as the rest', () => {
    const { operatorShare, platformFee } = splitExact(new Dec('0.000691666666666667'), '0.15');
    // 0.000691666666666667 × 0.85 = 0.00058791666666666695 → 0.000587916666666667
    expect(operatorShare.toFixed()).toBe('0.000587916666666667');
    expect(platformFee.toFixed()).toBe('0.00010375');
  });
});

import fc from 'fast-check';
import { dec, roundToMinor } from '@hourglass/money';
import { graduatedExactForGpuMs } from './rate/graduated';
import { attributeTiered } from './tier-attribution';
import type { Rate } from './types';

const H = 3_600_000n;
const graduated: Rate = {
  gpuModel: 'H100',
  pricingClass: 'on_demand',
  unitPrice: null,
  tiers: [
    { upToGpuHours: '1000', unitPrice: '2.49' },
    { upToGpuHours: null, unitPrice: '2.19' },
  ],
  tierMode: 'graduated',
  packageGpuHours: null,
  minimumCharge: null,
};
const volume: Rate = { ...graduated, tierMode: 'volume' };
const s = (r: ReturnType<typeof attributeTiered>) => [r.total.toString(), ...r.perItem.map((i) => `${i.key}=${i.amount.toString()}`)];

describe('attributeTiered', () => {
  it('prices the sum and shares it by GPU-ms (graduated)', () => {
    // 600 h + 900 h = 1500 h: 1000 × 2.49 + 500 × 2.19 = 3585.00
    // r-a 600/1500 × 3585 = 1434.00, r-b 900/1500 × 3585 = 2151.00
    const r = attributeTiered(graduated, [{ key: 'r-a', gpuMs: 600n * H }, { key: 'r-b', gpuMs: 900n * H }], 'USD');
    expect(s(r)).toEqual(['3585', 'r-a=1434', 'r-b=2151']);
  });

  it('prices the sum and shares it by GPU-ms (volume)', () => {
    // 1500 h × 2.19 = 3285.00; r-a 600/1500 × 3285 = 1314.00, r-b 1971.00
    const r = attributeTiered(volume, [{ key: 'r-a', gpuMs: 600n * H }, { key: 'r-b', gpuMs: 900n * H }], 'USD');
    expect(s(r)).toEqual(['3285', 'r-a=1314', 'r-b=1971']);
  });

  it('gives leftover minor units to the largest remainders, ties to the first item', () => {
    // 3 × 7 h = 21 h under tiers 10 @ 1.00, rest @ 0.50: 10 + 11 × 0.5 = 15.50
    // 1550 cents / 3 = 516.67 each: 516 × 3 = 1548, the 2 cents left go to r-1 and r-2
    const rate: Rate = { ...graduated, tiers: [{ upToGpuHours: '10', unitPrice: '1.00' }, { upToGpuHours: null, unitPrice: '0.50' }] };
    const items = ['r-1', 'r-2', 'r-3'].map((key) => ({ key, gpuMs: 7n * H }));
    expect(s(attributeTiered(rate, items, 'USD'))).toEqual(['15.5', 'r-1=5.17', 'r-2=5.17', 'r-3=5.16']);
  });

  it('applies the minimum to the group and shares it too', () => {
    // 10 h × 2.00 = 20.00 < minimum 100.00 → 100.00; 1:3 → 25.00, 75.00
    const rate: Rate = { ...graduated, tiers: null, tierMode: null, unitPrice: '2.00', minimumCharge: '100' };
    const r = attributeTiered(rate, [{ key: 'a', gpuMs: 25n * H / 10n }, { key: 'b', gpuMs: 75n * H / 10n }], 'USD');
    expect(s(r)).toEqual(['100', 'a=25', 'b=75']);
  });

  it('rounds in JPY and BHD to their minor units', () => {
    // 1 h + 1 h + 1 h at a volume price of 333.5 = 1000.5 → 1001 yen: 333.67 each → 334, 334, 333
    const rate: Rate = { ...volume, tiers: [{ upToGpuHours: null, unitPrice: '333.5' }] };
    const items = ['a', 'b', 'c'].map((key) => ({ key, gpuMs: H }));
    expect(s(attributeTiered(rate, items, 'JPY'))).toEqual(['1001', 'a=334', 'b=334', 'c=333']);
    // 3 h × 0.3335 = 1.0005 BHD → 1.001 (half away from zero): 0.334, 0.334, 0.333
    const bhd: Rate = { ...volume, tiers: [{ upToGpuHours: null, unitPrice: '0.3335' }] };
    expect(s(attributeTiered(bhd, items, 'BHD'))).toEqual(['1.001', 'a=0.334', 'b=0.334', 'c=0.333']);
  });

  it('rounds once, sums exactly, and does not depend on how usage is split or ordered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 2000n * H }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(graduated, volume),
        fc.constantFrom('USD', 'JPY', 'BHD'),
        (gpuMs, rate, currency) => {
          const items = gpuMs.map((ms, i) => ({ key: `r-${i}`, gpuMs: ms }));
          const r = attributeTiered(rate, items, currency);
          const total = gpuMs.reduce((a, b) => a + b, 0n);
          expect(r.gpuMs).toBe(total);
          if (rate === graduated) expect(r.exact.eq(graduatedExactForGpuMs(rate.tiers!, total))).toBe(true);
          expect(r.total.eq(roundToMinor(r.exact, currency))).toBe(true);
          expect(r.perItem.reduce((a, i) => a.plus(i.amount), dec('0')).eq(r.total)).toBe(true);
          const reversed = attributeTiered(rate, [...items].reverse(), currency);
          expect(reversed.exact.eq(r.exact)).toBe(true);
          expect(reversed.total.eq(r.total)).toBe(true);
          const merged = attributeTiered(rate, [{ key: 'all', gpuMs: total }], currency);
          expect(merged.exact.eq(r.exact)).toBe(true);
        },
      ),
    );
  });
});

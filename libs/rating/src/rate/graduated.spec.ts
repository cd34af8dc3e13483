import fc from 'fast-check';
import { dec } from '@hourglass/money';
import type { Tier } from '../types';
import { graduatedExact, graduatedExactForGpuMs } from './graduated';
import { volumeExactForGpuMs } from './volume';

const H = 3_600_000n;
const TIERS: Tier[] = [
  { upToGpuHours: '1000', unitPrice: '2.49' },
  { upToGpuHours: null, unitPrice: '2.19' },
];
const THREE: Tier[] = [
  { upToGpuHours: '10', unitPrice: '3' },
  { upToGpuHours: '100', unitPrice: '2' },
  { upToGpuHours: null, unitPrice: '1' },
];

describe('graduatedExact', () => {
  it.each<[string, Tier[], string, string]>([
    ['nothing', TIERS, '0', '0'],
    // 500 × 2.49 = 1245
    ['inside the first tier', TIERS, '500', '1245'],
    // 1000 × 2.49 = 2490 (bounds are inclusive)
    ['exactly the bound', TIERS, '1000', '2490'],
    // 1000 × 2.49 + 500 × 2.19 = 2490 + 1095 = 3585
    ['across the bound', TIERS, '1500', '3585'],
    // 10 × 3 + 90 × 2 + 50 × 1 = 30 + 180 + 50 = 260
    ['three tiers', THREE, '150', '260'],
    // 10 × 3 + 0.5 × 2 = 31
    ['a fraction into the second tier', THREE, '10.5', '31'],
  ])('prices %s', (_, tiers, hours, expected) => {
    expect(graduatedExact(tiers, dec(hours)).toString()).toBe(expected);
  });

  it('prices GPU-ms exactly as the same GPU-hours', () => {
    // 1500 h = 5.4e9 ms
    expect(graduatedExactForGpuMs(TIERS, 1500n * H).toString()).toBe('3585');
    // 1000 h + 1 ms: 2490 + 2.19 / 3.6e6
    expect(graduatedExactForGpuMs(TIERS, 1000n * H + 1n).eq(dec('2490').plus(dec('2.19').div(3_600_000)))).toBe(true);
  });

  it('never exceeds volume pricing when prices fall with volume, and a single tier is flat', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), (gpuMs) => {
        expect(graduatedExactForGpuMs(TIERS, gpuMs).gte(volumeExactForGpuMs(TIERS, gpuMs))).toBe(true);
        const flat = [{ upToGpuHours: null, unitPrice: '2.49' }];
        expect(graduatedExactForGpuMs(flat, gpuMs).eq(volumeExactForGpuMs(flat, gpuMs))).toBe(true);
      }),
    );
  });

  it('grows with the quantity', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 13n }), (a, b) => {
        expect(graduatedExactForGpuMs(THREE, a + b).gte(graduatedExactForGpuMs(THREE, a))).toBe(true);
      }),
    );
  });

  it('refuses a misordered tier table', () => {
    const bad = [
      { upToGpuHours: '100', unitPrice: '2' },
      { upToGpuHours: '10', unitPrice: '3' },
      { upToGpuHours: null, unitPrice: '1' },
    ];
    expect(() => graduatedExact(bad, dec('1'))).toThrow(/ascending/);
    expect(() => graduatedExact([{ upToGpuHours: '10', unitPrice: '1' }], dec('1'))).toThrow(/last tier/);
  });
});

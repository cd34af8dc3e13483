import { dec } from '@hourglass/money';
import type { Tier } from '../types';
import { volumeExact, volumeExactForGpuMs } from './volume';

const TIERS: Tier[] = [
  { upToGpuHours: '1000', unitPrice: '2.49' },
  { upToGpuHours: null, unitPrice: '2.19' },
];

describe('volumeExact', () => {
  it.each([
    ['nothing', '0', '0'],
    // 500 × 2.49 = 1245
    ['inside the first tier', '500', '1245'],
    // 1000 × 2.49 = 2490: the bound belongs to the first tier
    ['exactly the bound', '1000', '2490'],
    // 1000.5 × 2.19 = 2191.095: the whole quantity at the second tier's price
    ['just past the bound, cheaper in total', '1000.5', '2191.095'],
    // 1500 × 2.19 = 3285 (graduated would be 3585)
    ['across the bound', '1500', '3285'],
  ])('prices %s', (_, hours, expected) => {
    expect(volumeExact(TIERS, dec(hours)).toString()).toBe(expected);
  });

  it('prices GPU-ms exactly as the same GPU-hours', () => {
    // 1500 h = 5.4e9 ms → 1500 × 2.19 = 3285
    expect(volumeExactForGpuMs(TIERS, 5_400_000_000n).toString()).toBe('3285');
  });
});

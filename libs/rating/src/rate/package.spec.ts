import { dec } from '@hourglass/money';
import { packageCount, packageExact, packageExactForGpuMs } from './package';

describe('package pricing', () => {
  it.each([
    ['nothing', '0', '0', '0'],
    // 25 h in packages of 10 → 3 packages × 20.00 = 60
    ['a started package counts whole', '25', '3', '60'],
    // 30 h → exactly 3 packages, not 4
    ['an exact fit', '30', '3', '60'],
    // 0.001 h → 1 package
    ['a sliver', '0.001', '1', '20'],
  ])('prices %s', (_, hours, count, amount) => {
    expect(packageCount('10', dec(hours)).toString()).toBe(count);
    expect(packageExact('20.00', '10', dec(hours)).toString()).toBe(amount);
  });

  it('counts packages of GPU-ms without a truncated division', () => {
    // packages of 1.5 h at 4: 3 h = 2 packages × 4 = 8
    expect(packageExactForGpuMs('4', '1.5', 3n * 3_600_000n).toString()).toBe('8');
    // 3 h + 1 ms = 3 packages × 4 = 12
    expect(packageExactForGpuMs('4', '1.5', 3n * 3_600_000n + 1n).toString()).toBe('12');
  });
});

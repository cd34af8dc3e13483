import Big from 'big.js';
import fc from 'fast-check';
import { Dec } from '@hourglass/money';
import { formatGpuHours, gpuHoursOf, QUANTITY_DP } from './quantity';

/** The definition formatGpuHours must keep: the 60-digit quotient rounded half up to 12 digits, zeros trimmed. */
const reference = (gpuMs: bigint) => new Dec(gpuHoursOf(gpuMs).toFixed(QUANTITY_DP, Big.roundHalfUp)).toString();

describe('formatGpuHours', () => {
  it.each<[bigint, string]>([
    [0n, '0'],
    [5_400_000n, '1.5'],
    [28_800_000n, '8'],
    [60_000n, '0.016666666667'], // one GPU-minute
    [1n, '0.000000277778'], // 2.777…e-7 h, the last digit rounded up
    [1_800n, '0.0005'],
    [4_060_799_000n, '1127.999722222222'],
  ])('shows %s GPU-ms as %s GPU-hours', (gpuMs, expected) => {
    expect(formatGpuHours(gpuMs)).toBe(expected);
  });

  it('agrees with the big.js definition for any GPU-ms', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), (gpuMs) => expect(formatGpuHours(gpuMs)).toBe(reference(gpuMs))));
  });

  it('refuses negative GPU-ms', () => {
    expect(() => formatGpuHours(-1n)).toThrow(/must not be negative/);
  });
});

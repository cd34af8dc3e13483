import fc from 'fast-check';
import { dec, roundToMinor } from '@hourglass/money';
import { flatAmount, flatExact } from './flat';

const H = 3_600_000;

describe('flatAmount', () => {
  it.each<[string, string, bigint, string, string]>([
    // 8 GPUs × 90 h × 2.49 = 1792.80
    ['8 GPUs for 90 h in USD', '2.49', BigInt(8 * 90 * H), 'USD', '1792.8'],
    // 3 GPUs × 4.5 h × 350 = 4725
    ['JPY has no minor digits', '350', BigInt(3 * 270 * 60_000), 'JPY', '4725'],
    // 2 GPUs × 10 h × 0.925 = 18.500
    ['BHD has three', '0.925', BigInt(2 * 10 * H), 'BHD', '18.5'],
    // 1.5 h × 0.01 = 0.015 → 0.02
    ['a USD half rounds away from zero', '0.01', BigInt(90 * 60_000), 'USD', '0.02'],
    // 0.5 h × 5 = 2.5 → 3
    ['a JPY half rounds away from zero', '5', BigInt(30 * 60_000), 'JPY', '3'],
    // 0.5 h × 0.001 = 0.0005 → 0.001
    ['a BHD half rounds away from zero', '0.001', BigInt(30 * 60_000), 'BHD', '0.001'],
    // 1 GPU-minute × 2.49 = 0.0415 → 0.04
    ['one GPU-minute', '2.49', 60_000n, 'USD', '0.04'],
    // 7 ms × 2.49 / 3.6e6 = 0.0000048416… → 0
    ['a few ms round to nothing', '2.49', 7n, 'USD', '0'],
  ])('prices %s', (_, unitPrice, gpuMs, currency, expected) => {
    expect(flatAmount(unitPrice, gpuMs, currency).toString()).toBe(expected);
  });

  it('rounds once: an hour is 2.49, not 60 rounded minutes of 0.04', () => {
    // 60 × round(0.0415) = 2.40, but round(60 × 0.0415) = 2.49
    expect(flatAmount('2.49', BigInt(H), 'USD').toString()).toBe('2.49');
    expect(flatAmount('2.49', 60_000n, 'USD').times(60).toString()).toBe('2.4');
  });

  it('keeps a non-terminating quotient to 60 digits instead of rounding it to 20', () => {
    // 2.49 × 1000 / 3.6e6 = 0.000691666…
    expect(flatExact('2.49', 1000).toString()).toBe(`0.000691${'6'.repeat(53)}7`);
  });

  it('refuses fractional and negative GPU-ms', () => {
    expect(() => flatExact('2.49', 1.5)).toThrow(/safe integer/);
    expect(() => flatExact('2.49', -1n)).toThrow(/negative/);
  });

  it('equals the rounded exact amount, and exact amounts add up across any split', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 0n, max: 10n ** 8n }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('USD', 'JPY', 'BHD'),
        (a, b, mantissa, scale, currency) => {
          const unitPrice = dec(`${mantissa}e-${scale}`).toFixed(scale);
          const whole = flatExact(unitPrice, a + b);
          expect(flatAmount(unitPrice, a + b, currency).eq(roundToMinor(whole, currency))).toBe(true);
          // the pieces' exact amounts differ from the whole only in the 60th digit
          const drift = flatExact(unitPrice, a).plus(flatExact(unitPrice, b)).minus(whole).abs();
          expect(drift.lte('1e-59')).toBe(true);
          expect(roundToMinor(flatExact(unitPrice, a).plus(flatExact(unitPrice, b)), currency).eq(roundToMinor(whole, currency))).toBe(true);
        },
      ),
    );
  });
});

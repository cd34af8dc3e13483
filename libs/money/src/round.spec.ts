import fc from 'fast-check';
import type { RoundingMode } from './currencies';
import { dec } from './decimal';
import { UnroundedAmountError } from './errors';
import { formatMoney, fromMinor, roundToMinor, toMinor } from './round';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'KRW', 'BHD', 'KWD', 'CLF', 'CHF', 'ISK'];
const MODES: RoundingMode[] = ['half_away_from_zero', 'half_up', 'half_even', 'down', 'up'];

describe('roundToMinor', () => {
  it.each<[string, string, RoundingMode, string]>([
    ['2.345', 'USD', 'half_away_from_zero', '2.35'],
    ['-2.345', 'USD', 'half_away_from_zero', '-2.35'],
    ['2.345', 'USD', 'half_up', '2.35'],
    ['-2.345', 'USD', 'half_up', '-2.35'],
    ['2.345', 'USD', 'half_even', '2.34'],
    ['2.355', 'USD', 'half_even', '2.36'],
    ['-2.345', 'USD', 'half_even', '-2.34'],
    ['2.349', 'USD', 'down', '2.34'],
    ['-2.349', 'USD', 'down', '-2.34'],
    ['2.341', 'USD', 'up', '2.35'],
    ['-2.341', 'USD', 'up', '-2.35'],
    ['1234.5', 'JPY', 'half_away_from_zero', '1235'],
    ['-1234.5', 'JPY', 'half_away_from_zero', '-1235'],
    ['0.1235', 'BHD', 'half_away_from_zero', '0.124'],
    ['-0.1235', 'BHD', 'half_away_from_zero', '-0.124'],
    ['0.000691666666666666666666666666667', 'USD', 'half_away_from_zero', '0'],
  ])('rounds %s %s %s to %s', (amount, currency, mode, expected) => {
    expect(roundToMinor(dec(amount), currency, mode).toString()).toBe(expected);
  });

  it('uses half away from zero when no mode is given', () => {
    expect(roundToMinor(dec('0.005'), 'USD').toString()).toBe('0.01');
    expect(roundToMinor(dec('-0.005'), 'USD').toString()).toBe('-0.01');
  });

  it('never returns a negative zero', () => {
    const r = roundToMinor(dec('-0.001'), 'USD');
    expect(r.s).toBe(1);
    expect(formatMoney(r, 'USD')).toBe('0.00');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...MODES),
        (mantissa, scale, currency, mode) => {
          const once = roundToMinor(dec(`${mantissa}e-${scale}`), currency, mode);
          expect(roundToMinor(once, currency, mode).eq(once)).toBe(true);
        },
      ),
    );
  });

  it('rounds exact halves away from zero for both signs', () => {
    // k + 0.5 minor units, e.g. 12.345 USD → 12.35 and −12.345 → −12.35
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom<RoundingMode>('half_away_from_zero', 'half_up'),
        (k, currency, mode) => {
          const half = fromMinor(k, currency).plus(fromMinor(5n, currency).div(10));
          const away = fromMinor(k + 1n, currency);
          expect(roundToMinor(half, currency, mode).eq(away)).toBe(true);
          expect(roundToMinor(half.neg(), currency, mode).eq(away.neg())).toBe(true);
        },
      ),
    );
  });

  it('rounds a credit to the mirror image of the charge in every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...MODES),
        (mantissa, scale, currency, mode) => {
          const x = dec(`${mantissa}e-${scale}`);
          expect(roundToMinor(x.neg(), currency, mode).eq(roundToMinor(x, currency, mode).neg())).toBe(true);
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    ['12.3', 'USD', '12.30'],
    ['1200', 'JPY', '1200'],
    ['0.125', 'BHD', '0.125'],
    ['-7', 'EUR', '-7.00'],
    ['0', 'KWD', '0.000'],
    ['123456789012345678901234567890.12', 'USD', '123456789012345678901234567890.12'],
  ])('formats %s %s as %s', (amount, currency, expected) => {
    expect(formatMoney(dec(amount), currency)).toBe(expected);
  });

  it('refuses an amount that was not rounded, instead of rounding it a second time', () => {
    expect(() => formatMoney(dec('12.345'), 'USD')).toThrow(UnroundedAmountError);
  });
});

describe('toMinor / fromMinor', () => {
  it.each([
    ['12.30', 'USD', 1230n],
    ['-0.01', 'USD', -1n],
    ['1200', 'JPY', 1200n],
    ['0.125', 'BHD', 125n],
  ])('%s %s is %s minor units', (amount, currency, minor) => {
    expect(toMinor(dec(amount), currency)).toBe(minor);
    expect(fromMinor(minor, currency).eq(dec(amount))).toBe(true);
  });

  it('round-trips every integer number of minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
        expect(toMinor(fromMinor(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it('refuses fractions of a minor unit', () => {
    expect(() => toMinor(dec('0.5'), 'JPY')).toThrow(UnroundedAmountError);
  });
});

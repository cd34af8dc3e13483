import fc from 'fast-check';
import type { RoundingMode } from './currencies';
import { dec } from './decimal';
import { InvalidRateError, UnroundedAmountError } from './errors';
import { fromMinor, isRoundedToMinor } from './round';
import { splitShare } from './split';

describe('splitShare', () => {
  it.each([
    // 1792.80 × 0.85 = 1523.88; fee 1792.80 − 1523.88 = 268.92
    ['1792.80', '0.15', 'USD', '1523.88', '268.92'],
    // 0.05 × 0.85 = 0.0425 → 0.04; fee 0.01
    ['0.05', '0.15', 'USD', '0.04', '0.01'],
    // 0.10 × 0.85 = 0.085 → 0.09 (half away from zero); fee 0.01
    ['0.10', '0.15', 'USD', '0.09', '0.01'],
    // credit: −0.10 × 0.85 = −0.085 → −0.09; fee −0.01
    ['-0.10', '0.15', 'USD', '-0.09', '-0.01'],
    // 1001 × 0.85 = 850.85 → 851; fee 150
    ['1001', '0.15', 'JPY', '851', '150'],
    // 0.125 × 0.9 = 0.1125 → 0.113; fee 0.012
    ['0.125', '0.1', 'BHD', '0.113', '0.012'],
    ['10.00', '0', 'USD', '10', '0'],
    ['10.00', '1', 'USD', '0', '10'],
  ])('splits %s at fee rate %s in %s into share %s and fee %s', (amount, rate, currency, share, fee) => {
    const r = splitShare(dec(amount), rate, currency);
    expect(r.operatorShare.toString()).toBe(share);
    expect(r.platformFee.toString()).toBe(fee);
  });

  it('honours a configured rounding mode for the share', () => {
    // 0.10 × 0.85 = 0.085 → 0.08 half-even; fee 0.02
    const r = splitShare(dec('0.10'), '0.15', 'USD', 'half_even');
    expect([r.operatorShare.toString(), r.platformFee.toString()]).toEqual(['0.08', '0.02']);
  });

  it.each(['-0.1', '1.01', '0.1.5', '15%', '', ' 0.1', '1e-2'])('rejects the fee rate %p', (rate) => {
    expect(() => splitShare(dec('1'), rate, 'USD')).toThrow(InvalidRateError);
  });

  it('refuses an amount that is not a rounded line amount', () => {
    expect(() => splitShare(dec('1.001'), '0.15', 'USD')).toThrow(UnroundedAmountError);
  });

  it('makes share plus fee equal the amount, to the minor unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('USD', 'EUR', 'JPY', 'KRW', 'BHD', 'KWD', 'CLF'),
        fc.constantFrom<RoundingMode>('half_away_from_zero', 'half_up', 'half_even', 'down', 'up'),
        (minor, ratePpm, currency, mode) => {
          const amount = fromMinor(minor, currency);
          const rate = dec(`${ratePpm}e-6`).toFixed(6);
          const { operatorShare, platformFee } = splitShare(amount, rate, currency, mode);
          expect(operatorShare.plus(platformFee).eq(amount)).toBe(true);
          expect(isRoundedToMinor(operatorShare, currency)).toBe(true);
          // the fee is never rounded on its own, yet lands on a minor unit
          expect(isRoundedToMinor(platformFee, currency)).toBe(true);
        },
      ),
    );
  });
});

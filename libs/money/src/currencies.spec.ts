import { minorUnits, roundingModeFor } from './currencies';
import { UnknownCurrencyError } from './errors';

describe('minorUnits', () => {
  it.each([
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['CHF', 2],
    ['JPY', 0], ['KRW', 0], ['ISK', 0], ['CLP', 0], ['VND', 0],
    ['BHD', 3], ['KWD', 3], ['OMR', 3], ['JOD', 3], ['TND', 3],
    ['CLF', 4],
  ])('gives %s %i minor digits', (currency, digits) => {
    expect(minorUnits(currency)).toBe(digits);
  });

  it('rejects an unknown code with a message that names it', () => {
    expect(() => minorUnits('XYZ')).toThrow(UnknownCurrencyError);
    expect(() => minorUnits('XYZ')).toThrow(/Unknown currency "XYZ"/);
  });

  it('rejects a lower-case code and suggests the upper-case one', () => {
    expect(() => minorUnits('usd')).toThrow(/did you mean "USD"/);
  });

  it('rejects codes without minor units, which cannot be invoiced', () => {
    expect(() => minorUnits('XAU')).toThrow(UnknownCurrencyError);
  });
});

describe('roundingModeFor', () => {
  it('defaults to half away from zero', () => {
    expect(roundingModeFor('USD')).toBe('half_away_from_zero');
  });

  it('takes a per-currency override', () => {
    expect(roundingModeFor('CHF', { CHF: 'half_even' })).toBe('half_even');
    expect(roundingModeFor('USD', { CHF: 'half_even' })).toBe('half_away_from_zero');
  });

  it('ignores keys inherited from Object.prototype', () => {
    expect(roundingModeFor('USD', {})).toBe('half_away_from_zero');
  });

  it('refuses an unknown currency even with an override table', () => {
    expect(() => roundingModeFor('ABC', { ABC: 'down' })).toThrow(UnknownCurrencyError);
  });
});

import { InvalidPriceBookError } from './errors';
import type { PriceBookVersion, Rate } from './types';
import { assertValidPriceBookVersion, validatePriceBookVersion } from './validate';

const flat: Rate = { gpuModel: 'H100', pricingClass: 'on_demand', unitPrice: '2.49', tiers: null, tierMode: null, packageGpuHours: null, minimumCharge: null };
const book = (rates: Rate[], over: Partial<PriceBookVersion> = {}): PriceBookVersion => ({
  priceBookId: 'pb', version: 1, effectiveFromMs: 0, currency: 'USD', platformFeeRate: '0.15', rates, ...over,
});

describe('validatePriceBookVersion', () => {
  it('accepts flat, tiered, package and minimum rates', () => {
    expect(
      validatePriceBookVersion(
        book([
          flat,
          { ...flat, pricingClass: 'spot', unitPrice: null, tierMode: 'graduated', tiers: [{ upToGpuHours: '1000', unitPrice: '2.49' }, { upToGpuHours: null, unitPrice: '2.19' }] },
          { ...flat, gpuModel: 'A100', packageGpuHours: '10', minimumCharge: '100' },
          { ...flat, pricingClass: 'reserved' },
        ]),
      ),
    ).toEqual([]);
  });

  it('collects every problem, not only the first', () => {
    const problems = validatePriceBookVersion(
      book(
        [
          { ...flat, unitPrice: '-1' },
          { ...flat, tiers: [{ upToGpuHours: '10', unitPrice: '1' }, { upToGpuHours: '5', unitPrice: '1' }], tierMode: null },
        ],
        { currency: 'usd', platformFeeRate: '1.5' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('currency "usd"'),
        expect.stringContaining('greater than 1'),
        expect.stringContaining('rates[0]: unitPrice'),
        expect.stringContaining('rates[1]: has both unitPrice and tiers'),
        expect.stringContaining('tierMode graduated or volume'),
        expect.stringContaining('tiers[1]: upToGpuHours must be above'),
        expect.stringContaining('the last tier must be open'),
        expect.stringContaining('a second rate for H100/on_demand'),
      ]),
    );
  });

  it('throws a domain error naming the book', () => {
    expect(() => assertValidPriceBookVersion(book([{ ...flat, unitPrice: '2,49' }]))).toThrow(InvalidPriceBookError);
  });
});

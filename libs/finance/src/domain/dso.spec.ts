import fc from 'fast-check';
import { dsoDays } from './dso';

/** Cents as decimal text, without passing through a float. */
const major = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;

describe('dsoDays', () => {
  it.each([
    // 300 outstanding ÷ 900 invoiced in 90 days × 90 = 30 days
    { outstanding: '300', invoicedInWindow: '900', window: 90, dso: '30' },
    // nothing outstanding: 0 days
    { outstanding: '0', invoicedInWindow: '1000', window: 30, dso: '0' },
    // more outstanding than invoiced in the window (old debt): above the window
    { outstanding: '2000', invoicedInWindow: '1000', window: 30, dso: '60' },
    // 1 ÷ 3 × 90 = 30, exactly, in decimal arithmetic that rounds the quotient to 20 places
    { outstanding: '1', invoicedInWindow: '3', window: 90, dso: '30' },
  ])('is outstanding ÷ invoiced × window: $outstanding ÷ $invoicedInWindow × $window = $dso', ({ outstanding, invoicedInWindow, window, dso }) => {
    expect(dsoDays({ currency: 'USD', outstanding, invoicedInWindow }, window)!.round(6).toFixed()).toBe(dso);
  });

  it('is undefined when nothing was invoiced in the window', () => {
    expect(dsoDays({ currency: 'USD', outstanding: '10', invoicedInWindow: '0' }, 90)).toBeNull();
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => dsoDays({ currency: 'USD', outstanding: '1', invoicedInWindow: '1' }, 0)).toThrow(/window/);
  });

  it('scales with the window and never exceeds it while outstanding ≤ invoiced', () => {
    const cents = fc.bigInt({ min: 1n, max: 10n ** 12n });
    fc.assert(
      fc.property(cents, cents, fc.integer({ min: 1, max: 365 }), (a, b, w) => {
        const [outstanding, invoiced] = a <= b ? [a, b] : [b, a];
        const dso = dsoDays({ currency: 'EUR', outstanding: major(outstanding), invoicedInWindow: major(invoiced) }, w)!;
        return dso.gte(0) && dso.lte(w);
      }),
    );
  });
});

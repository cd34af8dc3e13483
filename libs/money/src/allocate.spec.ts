import fc from 'fast-check';
import { allocateProportionally } from './allocate';
import { dec } from './decimal';
import { AllocationError } from './errors';
import { fromMinor, toMinor } from './round';

const s = (xs: { toString(): string }[]) => xs.map((x) => x.toString());

describe('allocateProportionally', () => {
  it.each<[string, string, bigint[], string[]]>([
    // 10.00 / 3 = 3.333…: 333 + 333 + 333 = 999, one cent left, remainders tie → index 0
    ['10.00', 'USD', [1n, 1n, 1n], ['3.34', '3.33', '3.33']],
    // 100 × 1/6 = 16.67, 100 × 2/6 = 33.33, 100 × 3/6 = 50
    ['100.00', 'USD', [1n, 2n, 3n], ['16.67', '33.33', '50']],
    // credit mirrors the charge
    ['-10.00', 'USD', [1n, 1n, 1n], ['-3.34', '-3.33', '-3.33']],
    // 7 yen over 2:1:0 → 4.67, 2.33, 0 → 4 + 2 = 6, largest remainder (0.67) takes the last yen
    ['7', 'JPY', [2n, 1n, 0n], ['5', '2', '0']],
    ['0.001', 'BHD', [5n, 5n], ['0.001', '0']],
    ['0', 'USD', [0n, 0n], ['0', '0']],
  ])('allocates %s %s over weights %s as %s', (total, currency, weights, expected) => {
    expect(s(allocateProportionally(dec(total), weights, currency))).toEqual(expected);
  });

  it('returns nothing for no weights and a zero total', () => {
    expect(allocateProportionally(dec('0'), [], 'USD')).toEqual([]);
  });

  it('refuses a non-zero total over zero weight, which would lose money', () => {
    expect(() => allocateProportionally(dec('1.00'), [0n], 'USD')).toThrow(AllocationError);
    expect(() => allocateProportionally(dec('1.00'), [], 'USD')).toThrow(AllocationError);
  });

  it('refuses negative weights', () => {
    expect(() => allocateProportionally(dec('1.00'), [2n, -1n], 'USD')).toThrow(AllocationError);
  });

  it('sums exactly to the total, stays within one minor unit of the ideal and gives zero weights nothing', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('USD', 'JPY', 'BHD'),
        (minor, weights, currency) => {
          const weightSum = weights.reduce((a, b) => a + b, 0n);
          fc.pre(weightSum > 0n);
          const total = fromMinor(minor, currency);
          const parts = allocateProportionally(total, weights, currency).map((p) => toMinor(p, currency));
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(minor);
          parts.forEach((p, i) => {
            const ideal = minor * weights[i];
            const diff = p * weightSum - ideal;
            expect(diff < 0n ? -diff : diff).toBeLessThan(weightSum);
            if (weights[i] === 0n) expect(p).toBe(0n);
          });
        },
      ),
    );
  });

  it('depends only on the weights, not on a shuffled order beyond tie-breaks', () => {
    const a = allocateProportionally(dec('1.00'), [3n, 7n, 5n], 'USD');
    const b = allocateProportionally(dec('1.00'), [3n, 7n, 5n], 'USD');
    expect(s(a)).toEqual(s(b));
  });
});

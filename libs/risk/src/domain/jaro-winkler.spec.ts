import fc from 'fast-check';
import { jaroSimilarity, jaroWinkler } from './jaro-winkler';

describe('Jaro-Winkler', () => {
  it.each([
    // Winkler's (1990) textbook pairs.
    ['martha', 'marhta', 0.9444, 0.9611],
    ['dwayne', 'duane', 0.8222, 0.84],
    ['dixon', 'dicksonx', 0.7667, 0.8133],
    ['jon', 'john', 0.9167, 0.9333],
    ['smith', 'smith', 1, 1],
    ['abc', 'xyz', 0, 0],
  ])('scores %s ~ %s as Jaro %d and Jaro-Winkler %d', (a, b, jaro, jw) => {
    expect(jaroSimilarity(a, b)).toBeCloseTo(jaro, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('is symmetric, within [0, 1], and 1 exactly for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const ab = jaroWinkler(a, b);
        expect(ab).toBeCloseTo(jaroWinkler(b, a), 12);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
  });
});

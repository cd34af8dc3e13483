import fc from 'fast-check';
import { scoreTokens } from './name-score';
import { tokenizeName } from './normalize';

const score = (a: string, b: string) => scoreTokens(tokenizeName(a), tokenizeName(b));

describe('token-wise name score', () => {
  it.each([
    ['John Smith', 'John Smith', 1, 1],
    ['Smith John', 'John Smith', 1, 1],
    ['SMITH, john', 'John Smith', 1, 1],
    ['Jon Smith', 'John Smith', 0.95, 1],
    ['John Smiht', 'John Smith', 0.95, 1],
    // A dropped middle name is tolerated, in review: 0.93.
    ['John Smith', 'John Michael Smith', 0.9, 0.95],
    ['John Michael Smith', 'John Smith', 0.9, 0.95],
    // A shared surname alone is not a match.
    ['Jane Smith', 'John Smith', 0, 0.5],
    ['Smith', 'John Smith', 0, 0.6],
    ['Mary Ann Smith', 'John Paul Smith', 0, 0.5],
    // A substituted middle word is not a dropped one.
    ['Caspian Studio JSC', 'Caspian Marine JSC', 0, 0.6],
    // Different lengths are different tokens, whatever the shared prefix.
    ['Hector Maknov', 'Hector Maknovnov', 0, 0.6],
  ])('scores %j against %j within [%d, %d]', (a, b, low, high) => {
    const s = score(a, b);
    expect(s).toBeGreaterThanOrEqual(low);
    expect(s).toBeLessThanOrEqual(high);
  });

  const token = fc.stringMatching(/^[a-z]{2,9}$/);
  const name = fc.array(token, { minLength: 1, maxLength: 5 });

  it('is in [0, 1], 1 for a name against itself, and ignores token order', () => {
    fc.assert(
      fc.property(name, name, fc.nat(), (q, e, seed) => {
        const s = scoreTokens(q, e);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(scoreTokens(q, q)).toBeCloseTo(1, 12);
        const shuffled = [...q].sort((x, y) => ((x.charCodeAt(0) * 31 + seed) % 7) - ((y.charCodeAt(0) * 31 + seed) % 7));
        // Order changes which tokens are first and last, so only names without middles compare exactly.
        if (q.length <= 2 && e.length <= 2) expect(scoreTokens(shuffled, e)).toBeCloseTo(s, 12);
      }),
    );
  });

  it('never matches on a shared surname alone: a one-token overlap of two-token names stays below review', () => {
    fc.assert(
      fc.property(token, token, token, (first1, first2, surname) => {
        fc.pre(first1 !== first2 && first1.length >= 3 && first2.length >= 3 && surname.length >= 3);
        fc.pre(scoreTokens([first1], [first2]) === 0);
        expect(scoreTokens([first1, surname], [first2, surname])).toBeLessThan(0.85);
      }),
    );
  });
});

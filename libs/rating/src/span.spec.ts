import fc from 'fast-check';
import { coveredMsWithin, splitByBoundaries } from './span';

describe('splitByBoundaries', () => {
  it('cuts spans at the boundaries inside them only', () => {
    expect(splitByBoundaries([{ startMs: 0, endMs: 10 }, { startMs: 20, endMs: 30 }], [5, 10, 25, 40])).toEqual([
      { startMs: 0, endMs: 5 },
      { startMs: 5, endMs: 10 },
      { startMs: 20, endMs: 25 },
      { startMs: 25, endMs: 30 },
    ]);
  });

  it('keeps every millisecond exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: -10, max: 1010 }), { maxLength: 10 }),
        (points, cuts) => {
          const sorted = [...new Set(points)].sort((a, b) => a - b);
          const spans = [];
          for (let i = 0; i + 1 < sorted.length; i += 2) spans.push({ startMs: sorted[i], endMs: sorted[i + 1] });
          const window = { startMs: -100, endMs: 2000 };
          expect(coveredMsWithin(splitByBoundaries(spans, cuts), window)).toBe(coveredMsWithin(spans, window));
        },
      ),
    );
  });
});

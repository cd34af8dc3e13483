import fc from 'fast-check';
import { MS_PER_HOUR } from './constants';
import { hoursOverlapping } from './hours';
import { contains, coveredMsWithin, intersect, spanMs, splitByBoundaries, type Span } from './span';

/** Disjoint, sorted spans from random points: consecutive pairs of distinct sorted points. */
const disjointSpans = fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }).map((points) => {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) spans.push({ startMs: sorted[i]!, endMs: sorted[i + 1]! });
  return spans;
});
const anySpan = fc.tuple(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 })).map(([a, b]) => ({ startMs: Math.min(a, b), endMs: Math.max(a, b) }));
const cuts = fc.array(fc.integer({ min: -10, max: 1010 }), { maxLength: 10 });
const everything: Span = { startMs: -10_000, endMs: 10_000 };

describe('splitByBoundaries', () => {
  it('cuts spans at the boundaries inside them only', () => {
    expect(splitByBoundaries([{ startMs: 0, endMs: 10 }, { startMs: 20, endMs: 30 }], [5, 10, 25, 40])).toEqual([
      { startMs: 0, endMs: 5 },
      { startMs: 5, endMs: 10 },
      { startMs: 20, endMs: 25 },
      { startMs: 25, endMs: 30 },
    ]);
  });

  it('keeps every millisecond exactly once, in any window', () => {
    fc.assert(
      fc.property(disjointSpans, cuts, anySpan, (spans, boundaries, window) => {
        expect(coveredMsWithin(splitByBoundaries(spans, boundaries), window)).toBe(coveredMsWithin(spans, window));
      }),
    );
  });

  it('leaves no piece straddling a boundary, and no empty piece', () => {
    fc.assert(
      fc.property(disjointSpans, cuts, (spans, boundaries) => {
        for (const piece of splitByBoundaries(spans, boundaries)) {
          expect(piece.endMs).toBeGreaterThan(piece.startMs);
          for (const b of boundaries) expect(b > piece.startMs && b < piece.endMs).toBe(false);
        }
      }),
    );
  });

  it('does not care about the order or repetition of boundaries', () => {
    fc.assert(
      fc.property(disjointSpans, cuts, (spans, boundaries) => {
        const shuffled = [...boundaries, ...boundaries].reverse();
        expect(splitByBoundaries(spans, shuffled)).toEqual(splitByBoundaries(spans, boundaries));
      }),
    );
  });
});

describe('span arithmetic', () => {
  it('intersects commutatively, within both operands', () => {
    fc.assert(
      fc.property(anySpan, anySpan, (a, b) => {
        const ab = intersect(a, b);
        expect(ab).toEqual(intersect(b, a));
        if (ab) {
          expect(spanMs(ab)).toBeLessThanOrEqual(Math.min(spanMs(a), spanMs(b)));
          expect(contains(a, ab.startMs) && contains(b, ab.startMs)).toBe(true);
        } else {
          expect(Math.min(a.endMs, b.endMs)).toBeLessThanOrEqual(Math.max(a.startMs, b.startMs));
        }
      }),
    );
  });

  it('adds up: a window cut in two covers what the whole window covers', () => {
    fc.assert(
      fc.property(disjointSpans, anySpan, fc.integer({ min: -2000, max: 2000 }), (spans, window, at) => {
        const cut = Math.min(Math.max(at, window.startMs), window.endMs);
        const left = coveredMsWithin(spans, { startMs: window.startMs, endMs: cut });
        const right = coveredMsWithin(spans, { startMs: cut, endMs: window.endMs });
        expect(left + right).toBe(coveredMsWithin(spans, window));
      }),
    );
  });

  it('counts a union within an all-covering window as the sum of its lengths', () => {
    fc.assert(
      fc.property(disjointSpans, (spans) => {
        expect(coveredMsWithin(spans, everything)).toBe(spans.reduce((sum, s) => sum + spanMs(s), 0));
      }),
    );
  });

  it('is half-open: the end of a span belongs to the next', () => {
    expect(contains({ startMs: 0, endMs: 10 }, 10)).toBe(false);
    expect(contains({ startMs: 10, endMs: 20 }, 10)).toBe(true);
  });
});

describe('hoursOverlapping', () => {
  const H = 1_000 * MS_PER_HOUR;

  it('names every hour a span touches, and not the hour its end opens', () => {
    expect(hoursOverlapping({ startMs: H - 1, endMs: H + MS_PER_HOUR })).toEqual([H - MS_PER_HOUR, H]);
    expect(hoursOverlapping({ startMs: H, endMs: H })).toEqual([]);
  });

  it('covers the span with whole hours and no more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * MS_PER_HOUR }), fc.integer({ min: 1, max: 10 * MS_PER_HOUR }), (start, length) => {
        const span = { startMs: H + start, endMs: H + start + length };
        const hours = hoursOverlapping(span);
        expect(hours[0]!).toBeLessThanOrEqual(span.startMs);
        expect(hours[hours.length - 1]! + MS_PER_HOUR).toBeGreaterThanOrEqual(span.endMs);
        for (const h of hours) expect(intersect(span, { startMs: h, endMs: h + MS_PER_HOUR })).toBeDefined();
      }),
    );
  });
});

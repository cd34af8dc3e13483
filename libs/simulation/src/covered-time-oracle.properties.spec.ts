import fc from 'fast-check';
import { clipIntervals, hourlyMs, totalMs, unionIntervals, type Interval } from './covered-time-oracle';
import { MS_PER_DAY as DAY, MS_PER_HOUR as HOUR } from '@hourglass/time';


/** Intervals in [origin, origin + span + maxLength), including empty ones. */
function intervals(origin: number, span: number, maxLength: number): fc.Arbitrary<Interval[]> {
  const interval = fc
    .tuple(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: maxLength }))
    .map(([offset, length]) => ({ startMs: origin + offset, endMs: origin + offset + length }));
  return fc.array(interval, { maxLength: 25 });
}

const small = intervals(0, 200, 40);
const sumOfLengths = (list: Interval[]) => list.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);

describe('unionIntervals (properties)', () => {
  it('is idempotent', () => {
    fc.assert(fc.property(small, (list) => expect(unionIntervals(unionIntervals(list))).toEqual(unionIntervals(list))));
  });

  it('does not depend on the order of its input', () => {
    const listAndShuffle = small.chain((list) =>
      fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
    );
    fc.assert(fc.property(listAndShuffle, ([list, shuffled]) => expect(unionIntervals(shuffled)).toEqual(unionIntervals(list))));
  });

  it('returns sorted, non-empty intervals separated by gaps', () => {
    fc.assert(
      fc.property(small, (list) => {
        const union = unionIntervals(list);
        union.forEach((interval, index) => {
          expect(interval.endMs).toBeGreaterThan(interval.startMs);
          if (index > 0) expect(interval.startMs).toBeGreaterThan(union[index - 1].endMs);
        });
      }),
    );
  });

  it('never covers more than the sum of its parts, nor less than the longest part', () => {
    fc.assert(
      fc.property(small, (list) => {
        const covered = totalMs(unionIntervals(list));
        expect(covered).toBeLessThanOrEqual(sumOfLengths(list));
        expect(covered).toBeGreaterThanOrEqual(Math.max(0, ...list.map((i) => i.endMs - i.startMs)));
      }),
    );
  });

  it('covers exactly the milliseconds that some interval covers', () => {
    fc.assert(
      fc.property(small, (list) => {
        let bruteForce = 0;
        for (let ms = 0; ms < 250; ms++) {
          if (list.some((i) => i.startMs <= ms && ms < i.endMs)) bruteForce++;
        }
        expect(totalMs(unionIntervals(list))).toBe(bruteForce);
      }),
    );
  });
});

describe('clipIntervals (properties)', () => {
  const window = fc
    .tuple(fc.integer({ min: -10, max: 250 }), fc.option(fc.integer({ min: 0, max: 260 }), { nil: null }))
    .map(([startMs, length]) => ({ startMs, endMs: length === null ? null : startMs + length }));

  it('commutes with union', () => {
    fc.assert(
      fc.property(small, window, (list, w) => {
        expect(unionIntervals(clipIntervals(list, w))).toEqual(clipIntervals(unionIntervals(list), w));
      }),
    );
  });

  it('keeps only milliseconds inside the window', () => {
    fc.assert(
      fc.property(small, window, (list, w) => {
        for (const i of clipIntervals(list, w)) {
          expect(i.startMs).toBeGreaterThanOrEqual(w.startMs);
          if (w.endMs !== null) expect(i.endMs).toBeLessThanOrEqual(w.endMs);
        }
      }),
    );
  });
});

describe('splitting covered time (properties)', () => {
  const weekOfUsage = intervals(Date.UTC(2026, 10, 26), 7 * DAY, 3 * HOUR);

  it('never changes the total when split into hours', () => {
    fc.assert(
      fc.property(weekOfUsage, (list) => {
        const union = unionIntervals(list);
        const byHour = hourlyMs(union);
        expect([...byHour.values()].reduce((a, b) => a + b, 0)).toBe(totalMs(union));
        for (const [hourStartMs, ms] of byHour) {
          expect(hourStartMs % HOUR).toBe(0);
          expect(ms).toBeGreaterThan(0);
          expect(ms).toBeLessThanOrEqual(HOUR);
        }
      }),
    );
  });
});

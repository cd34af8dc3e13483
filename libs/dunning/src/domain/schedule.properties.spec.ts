import fc from 'fast-check';
import { MS_PER_DAY, MS_PER_HOUR } from '@hourglass/time';
import { eligibleDays, RETRIES_MAX, WINDOW_DAYS_MAX, type DunningPolicy } from './policy';
import { HOUR_DISTANCE_MIN, nextAttemptAt, RETRY_GAP_MIN_MS, retrySchedule } from './schedule';

const failedAt = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-12-31T23:59:59Z') });
/** Any valid policy: retries up to what fits in the window. */
const policy = fc
  .integer({ min: 1, max: WINDOW_DAYS_MAX })
  .chain((windowDays) => fc.record({ windowDays: fc.constant(windowDays), retries: fc.integer({ min: 1, max: Math.min(RETRIES_MAX, eligibleDays(windowDays).length) }) }))
  .filter((p) => p.retries >= 1);

const hourOf = (ms: number) => new Date(ms).getUTCHours();
const weekdayOf = (ms: number) => new Date(ms).getUTCDay();
const dayOf = (ms: number) => Math.floor(ms / MS_PER_DAY);
const circular = (a: number, b: number) => Math.min((a - b + 24) % 24, (b - a + 24) % 24);

describe('retrySchedule (properties)', () => {
  it('has one retry per policy retry, strictly after the failure, ascending, at most one a day, inside the window', () => {
    fc.assert(
      fc.property(failedAt, policy, (t, p) => {
        const s = retrySchedule(t, p);
        expect(s).toHaveLength(p.retries);
        expect(s[0]!).toBeGreaterThan(t);
        for (let i = 1; i < s.length; i += 1) expect(dayOf(s[i]!)).toBeGreaterThan(dayOf(s[i - 1]!));
        // Every retry falls on days 1..windowDays after the failure's day.
        for (const x of s) expect(dayOf(x) - dayOf(t)).toBeGreaterThanOrEqual(1);
        for (const x of s) expect(dayOf(x) - dayOf(t)).toBeLessThanOrEqual(p.windowDays);
      }),
    );
  });

  it("never retries on the failure's weekday, nor within 3 hours of its hour of day; neighbours differ in hour", () => {
    fc.assert(
      fc.property(failedAt, policy, (t, p) => {
        const s = retrySchedule(t, p);
        for (const x of s) expect(weekdayOf(x)).not.toBe(weekdayOf(t));
        for (const x of s) expect(circular(hourOf(x), hourOf(t))).toBeGreaterThanOrEqual(HOUR_DISTANCE_MIN);
        for (let i = 1; i < s.length; i += 1) expect(hourOf(s[i]!)).not.toBe(hourOf(s[i - 1]!));
      }),
    );
  });

  it('spreads the retries over the window: the last one is on its last eligible day', () => {
    fc.assert(
      fc.property(failedAt, policy, (t, p) => {
        const s = retrySchedule(t, p);
        const days = eligibleDays(p.windowDays);
        expect(dayOf(s[s.length - 1]!) - dayOf(t)).toBe(days[days.length - 1]);
      }),
    );
  });

  it('is a function of the failure instant and the policy only (deterministic), and on the hour', () => {
    fc.assert(
      fc.property(failedAt, policy, (t, p) => {
        expect(retrySchedule(t, p)).toEqual(retrySchedule(t, { ...p }));
        for (const x of retrySchedule(t, p)) expect(x % MS_PER_HOUR).toBe(0);
      }),
    );
  });

  it('keeps late retries at least RETRY_GAP_MIN_MS apart and never before their planned time', () => {
    fc.assert(
      fc.property(failedAt, policy, fc.nat({ max: 40 }), fc.integer({ min: 0, max: 30 * MS_PER_DAY }), (t, p, made, lateBy) => {
        const s = retrySchedule(t, p);
        const attemptsMade = Math.min(made, s.length);
        const last = attemptsMade === 0 ? null : s[attemptsMade - 1]! + lateBy;
        const next = nextAttemptAt(s, attemptsMade, last);
        if (attemptsMade === s.length) return expect(next).toBeNull();
        expect(next!).toBeGreaterThanOrEqual(s[attemptsMade]!);
        if (last !== null) expect(next! - last).toBeGreaterThanOrEqual(RETRY_GAP_MIN_MS);
        return undefined;
      }),
    );
  });
});

describe('retrySchedule (examples)', () => {
  const p: DunningPolicy = { segment: 'default', retries: 8, windowDays: 14, graceDays: 7 };
  it('spreads 8 retries over 14 days: days 2 3 5 6 9 10 12 13, skipping the failure weekday (days 7 and 14)', () => {
    // Failure on Tuesday 2026-11-03 at 09:40 UTC: retries at 15:00, 21:00, 03:00, 18:00, 00:00, 06:00, 12:00, 15:00.
    const s = retrySchedule(Date.parse('2026-11-03T09:40:00Z'), p).map((x) => new Date(x).toISOString().slice(0, 13));
    expect(s).toEqual(['2026-11-05T15', '2026-11-06T21', '2026-11-08T03', '2026-11-09T18', '2026-11-12T00', '2026-11-13T06', '2026-11-15T12', '2026-11-16T15']);
  });
});

import { MS_PER_DAY, MS_PER_HOUR } from '@hourglass/time';
import { eligibleDays, type DunningPolicy } from './policy';

/**
 * Hours added to the failure's hour of day, attempt after attempt. Each is at least 3 hours from it
 * (circularly), and neighbours differ, so a card that fails at a fixed time (a nightly limit, a
 * payroll day) is tried at other times. A retry at the very hour of the failure mostly fails again.
 */
export const HOUR_OFFSETS: readonly number[] = [6, 12, 18, 9, 15, 21, 3];
export const HOUR_DISTANCE_MIN = 3;

/**
 * When the retries of an invoice whose payment failed at `failedAtMs` are due (UTC epoch ms, ascending).
 * Retry k (1-based) falls on the day `eligibleDays[ceil(k·E/n) − 1]` after the failure's day, E the
 * number of eligible days and n the retries: evenly spread, one a day at most, never on the failure's
 * weekday (days 7, 14… are skipped), the last on the window's last eligible day; at the failure's hour
 * plus HOUR_OFFSETS[k−1 mod 7]. Days and hours are UTC: a customer's own time zone is not known.
 * Pure and deterministic: any replica, and a restart, computes the same schedule.
 */
export function retrySchedule(failedAtMs: number, policy: Pick<DunningPolicy, 'retries' | 'windowDays'>): number[] {
  const days = eligibleDays(policy.windowDays);
  const n = policy.retries;
  if (n < 1 || days.length < n) throw new RangeError(`${n} retries do not fit in ${policy.windowDays} days`);
  const dayStartMs = Math.floor(failedAtMs / MS_PER_DAY) * MS_PER_DAY;
  const failedHour = Math.floor((failedAtMs - dayStartMs) / MS_PER_HOUR);
  const times: number[] = [];
  for (let k = 1; k <= n; k += 1) {
    const day = days[Math.ceil((k * days.length) / n) - 1]!;
    const hour = (failedHour + HOUR_OFFSETS[(k - 1) % HOUR_OFFSETS.length]!) % 24;
    times.push(dayStartMs + day * MS_PER_DAY + hour * MS_PER_HOUR);
  }
  return times;
}

/** The instant after which a customer still owing the invoice is suspended. */
export function graceEndsAt(failedAtMs: number, policy: Pick<DunningPolicy, 'graceDays'>): number {
  return failedAtMs + policy.graceDays * MS_PER_DAY;
}

/**
 * A job that fell behind (down for a day) must not fire the retries it missed one tick after another:
 * consecutive retries are at least this far apart, later than scheduled if need be.
 */
export const RETRY_GAP_MIN_MS = 12 * MS_PER_HOUR;

/**
 * When retry `attemptsMade + 1` is due, or null when every retry was made. Retries are numbered in
 * order and never skipped (each has its own idempotency key); a late one moves the rest back.
 */
export function nextAttemptAt(schedule: readonly number[], attemptsMade: number, lastAttemptAtMs: number | null): number | null {
  if (attemptsMade >= schedule.length) return null;
  const planned = schedule[attemptsMade]!;
  return lastAttemptAtMs === null ? planned : Math.max(planned, lastAttemptAtMs + RETRY_GAP_MIN_MS);
}

import { Period, type Span } from '@hourglass/time';

/**
 * Adds calendar months, clamping the day to the end of a shorter month (Jan 31 + 1 month
 * = Feb 28/29) and keeping the time of day. Always add from the original anchor
 * (anchor + k·n), never chain: chaining would drift Jan 31 → Feb 28 → Mar 28.
 */
export function addMonthsClamped(ms: number, months: number): number {
  const d = new Date(ms);
  const monthIndex = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Billing periods are whole UTC calendar months (CONTRACTS §3). */
export function isCalendarMonth(span: Span): boolean {
  const month = Period.containing(span.startMs);
  return month.startMs === span.startMs && month.endMs === span.endMs;
}

export function assertCalendarMonth(span: Span, what: string): void {
  if (!isCalendarMonth(span)) {
    throw new Error(`${what} [${span.startMs}, ${span.endMs}) is not a whole UTC calendar month`);
  }
}

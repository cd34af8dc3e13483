import type { Span } from './span';

const SERVICE_PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

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

/** The UTC calendar month containing `ms`. */
export function calendarMonthOf(ms: number): Span {
  const d = new Date(ms);
  return {
    startMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    endMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}

/** 'YYYY-MM' of the UTC month containing `ms`. */
export function servicePeriodOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The span of a 'YYYY-MM' billing period. */
export function monthPeriod(servicePeriod: string): Span {
  const m = SERVICE_PERIOD.exec(servicePeriod);
  if (!m) throw new Error(`"${servicePeriod}" is not a YYYY-MM billing period`);
  return calendarMonthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** Billing periods are whole UTC calendar months (CONTRACTS §3). */
export function isCalendarMonth(span: Span): boolean {
  const month = calendarMonthOf(span.startMs);
  return month.startMs === span.startMs && month.endMs === span.endMs;
}

export function assertCalendarMonth(span: Span, what: string): void {
  if (!isCalendarMonth(span)) {
    throw new Error(`${what} [${span.startMs}, ${span.endMs}) is not a whole UTC calendar month`);
  }
}

import { MS_PER_HOUR } from './constants';
import type { Span } from './span';

/** The start of the UTC hour containing `ms`. */
export function hourStartOf(ms: number): number {
  return Math.floor(ms / MS_PER_HOUR) * MS_PER_HOUR;
}

/** Start of every hour that `span` overlaps (half-open: an interval ending on the hour does not touch the next). */
export function hoursOverlapping(span: Span): number[] {
  if (span.endMs <= span.startMs) return [];
  const hours: number[] = [];
  for (let h = hourStartOf(span.startMs); h < span.endMs; h += MS_PER_HOUR) hours.push(h);
  return hours;
}

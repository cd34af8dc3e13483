import type { Span } from '@hourglass/rating';

export const HOUR_MS = 3_600_000;

/** The start of the UTC hour containing `ms`; hours are the grain of rated_usage. */
export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Start of every hour that `span` overlaps (half-open: an interval ending on the hour does not touch the next). */
export function hoursOverlapping(span: Span): number[] {
  if (span.endMs <= span.startMs) return [];
  const hours: number[] = [];
  for (let h = hourStartOf(span.startMs); h < span.endMs; h += HOUR_MS) hours.push(h);
  return hours;
}

/** 'YYYY-MM' of the UTC month an hour belongs to (an hour never straddles two months). */
export function monthOfHour(hourStartMs: number): string {
  return new Date(hourStartMs).toISOString().slice(0, 7);
}

/** One (rental, hour) cell: the unit that is rated, and re-rated, as a whole. */
export interface HourKey {
  rentalId: string;
  hourStartMs: number;
}

/** A Map key for a cell. NUL never occurs in an id (ids are validated printable strings). */
export function cellKey(rentalId: string, hourStartMs: number): string {
  return `${rentalId}\u0000${hourStartMs}`;
}

export function compareCells(a: HourKey, b: HourKey): number {
  return a.rentalId < b.rentalId ? -1 : a.rentalId > b.rentalId ? 1 : a.hourStartMs - b.hourStartMs;
}

/** Distinct cells in (rentalId, hour) order: the order rows are written in, so retries form identical blocks. */
export function distinctCells(cells: Iterable<HourKey>): HourKey[] {
  const byKey = new Map<string, HourKey>();
  for (const c of cells) byKey.set(cellKey(c.rentalId, c.hourStartMs), { rentalId: c.rentalId, hourStartMs: c.hourStartMs });
  return [...byKey.values()].sort(compareCells);
}

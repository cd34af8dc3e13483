/** One (rental, hour) cell: the unit that is rated, and re-rated, as a whole. Hours come from @hourglass/time. */
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

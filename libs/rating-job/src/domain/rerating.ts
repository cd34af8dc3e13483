import type { PriceBookVersion } from '@hourglass/rating';
import type { HourKey } from './hours';

/**
 * What the job has rated each price book with. Versions never change once published, so a
 * book's set of (version, effectiveFrom) pairs is its fingerprint: a new version, a
 * correction with the same effectiveFrom, or a first version all change it. When it
 * changes, every hour at or after the earliest effectiveFrom that changed is rated again,
 * a bounded slice per tick, resuming at a cursor. Usage rated in the meantime already uses
 * the new versions, since every rating reads the versions current at that moment.
 */
export interface BookMark {
  /** Fingerprint the book's hours are rated with (all of them, once no re-rating is pending). */
  rated: string[];
  pending: PendingRerating | null;
}

export interface PendingRerating {
  /** Fingerprint being rolled out. */
  target: string[];
  /** Hours starting at or after the hour containing fromMs are re-rated. */
  fromMs: number;
  /** Last cell re-rated, in (rentalId, hour) order; null before the first slice. */
  cursor: HourKey | null;
}

export type BookMarks = Record<string, BookMark>;

export function versionFingerprint(versions: readonly PriceBookVersion[]): string[] {
  return versions.map((v) => `${v.version}@${v.effectiveFromMs}`).sort();
}

function effectiveFromOf(key: string): number {
  const ms = Number(key.slice(key.indexOf('@') + 1));
  if (!Number.isSafeInteger(ms)) throw new Error(`malformed version fingerprint "${key}"`);
  return ms;
}

/** Starts (or restarts from the beginning) a re-rating for every book whose versions changed. */
export function planRerating(current: ReadonlyMap<string, readonly PriceBookVersion[]>, marks: BookMarks): BookMarks {
  const next: BookMarks = { ...marks };
  for (const [bookId, versions] of current) {
    const target = versionFingerprint(versions);
    const mark = marks[bookId];
    const baseline = mark?.pending?.target ?? mark?.rated ?? [];
    const before = new Set(baseline);
    const after = new Set(target);
    const changed = [...target.filter((k) => !before.has(k)), ...baseline.filter((k) => !after.has(k))];
    if (changed.length === 0) continue;
    const fromMs = Math.min(...changed.map(effectiveFromOf), mark?.pending?.fromMs ?? Infinity);
    // The cursor restarts: cells before it were re-rated without the newest version.
    next[bookId] = { rated: mark?.rated ?? [], pending: { target, fromMs, cursor: null } };
  }
  return next;
}

export function advanceRerating(mark: BookMark, lastCell: HourKey | null, finished: boolean): BookMark {
  if (!mark.pending) return mark;
  if (finished) return { rated: mark.pending.target, pending: null };
  return { rated: mark.rated, pending: { ...mark.pending, cursor: lastCell ?? mark.pending.cursor } };
}

/**
 * The marks of a job that has never recorded a run: it reads usage from the first stream
 * sequence on, so every cell will be rated with the versions current then; re-rating the books'
 * whole history on top would rate it all twice.
 */
export function initialMarks(current: ReadonlyMap<string, readonly PriceBookVersion[]>): BookMarks {
  const marks: BookMarks = {};
  for (const [bookId, versions] of current) marks[bookId] = { rated: versionFingerprint(versions), pending: null };
  return marks;
}

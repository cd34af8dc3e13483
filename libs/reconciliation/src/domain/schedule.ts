import { Period } from '@hourglass/time';

/**
 * The periods a scheduled run reconciles at `nowMs`: the previous month (its late settlement lines,
 * bank entries and returns keep arriving after it ends) and the running one.
 */
export function scheduledPeriods(nowMs: number): string[] {
  const current = Period.containing(nowMs);
  return [current.previous().toString(), current.toString()];
}

/** Whether a scheduled run is due: one interval after the last run (or after the process started). */
export function runIsDue(lastRunMs: number, nowMs: number, intervalMs: number): boolean {
  return intervalMs > 0 && nowMs - lastRunMs >= intervalMs;
}

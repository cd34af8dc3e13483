import { Period } from '@hourglass/time';

/** The period to close at `nowMs`: last month, once `delayMs` of the new month has passed. */
export function periodDue(nowMs: number, delayMs: number): string | null {
  const current = Period.containing(nowMs);
  if (nowMs < current.startMs + delayMs) return null;
  return current.previous().toString();
}

/** The period to close at `nowMs`: last month, once `delayMs` of the new month has passed. */
export function periodDue(nowMs: number, delayMs: number): string | null {
  const now = new Date(nowMs);
  const monthStartMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  if (nowMs < monthStartMs + delayMs) return null;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

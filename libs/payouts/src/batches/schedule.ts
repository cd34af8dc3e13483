const MS_PER_DAY = 86_400_000;

/**
 * The run key a schedule is due for at `nowMs`, or null before the first one. Monthly: the previous
 * month, once the billing delay into the new month has passed (its invoices exist). Weekly: the date
 * of this week's Monday (UTC), once the delay into it has passed.
 */
export function scheduledRunKey(schedule: 'weekly' | 'monthly', nowMs: number, delayMs: number): string | null {
  const t = new Date(nowMs - delayMs);
  if (schedule === 'monthly') {
    const prev = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1));
    return `${prev.getUTCFullYear()}-${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
  }
  const monday = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - ((t.getUTCDay() + 6) % 7) * MS_PER_DAY);
  return monday.toISOString().slice(0, 10);
}

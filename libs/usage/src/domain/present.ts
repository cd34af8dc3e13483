import { formatGpuHours } from '@hourglass/rating';
import type { GroupKey, UsageRow } from './usage-query';

/** One row of `GET /v1/usage` (CONTRACTS §11). */
export interface UsageRowView extends Partial<Record<GroupKey, string>> {
  windowStart: string;
  windowEnd: string;
  gpuHours: string;
  gpuMs: string;
  amount?: string;
  currency?: string;
  gpuUtilizationPct?: string;
  energyWh?: string;
}

export interface UsagePage {
  rows: UsageRowView[];
  nextCursor: string | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * RFC 3339 with the zone's offset at that instant ("2026-11-01T00:00:00.000+01:00"): the window
 * reads as the local midnight it is, and still names one instant. UTC prints as "Z".
 */
export function formatInstant(ms: number, tz: string): string {
  if (tz === 'UTC') return new Date(ms).toISOString();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const localAsUtcMs = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((localAsUtcMs - (ms - (ms % 1000))) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = offsetMin === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${pad(((ms % 1000) + 1000) % 1000, 3)}${offset}`;
}

export function toRowView(row: UsageRow, tz: string): UsageRowView {
  return {
    windowStart: formatInstant(row.windowStartMs, tz),
    windowEnd: formatInstant(row.windowEndMs, tz),
    ...row.groups,
    gpuHours: formatGpuHours(row.gpuMs),
    gpuMs: row.gpuMs.toString(),
    ...(row.amount !== null && row.currency !== null ? { amount: row.amount, currency: row.currency } : {}),
    ...(row.gpuUtilizationPct != null ? { gpuUtilizationPct: row.gpuUtilizationPct } : {}),
    ...(row.energyWh != null ? { energyWh: row.energyWh } : {}),
  };
}

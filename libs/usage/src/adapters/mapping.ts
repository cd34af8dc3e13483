import { Dec, isKnownCurrency, minorUnits } from '@hourglass/money';
import type { GroupKey, UsageRow } from '../domain';
import { GROUP_COLUMN } from './usage.sql';

export interface UsagePageRow {
  window_start_ms: string | number;
  window_end_ms: string | number;
  gpu_ms: string;
  currency?: string;
  amount?: string | null;
  rated?: number | string | null;
  utilization_pct?: string | null;
  energy_wh?: string | null;
  [column: string]: unknown;
}

export function fromRow(row: UsagePageRow, groupBy: readonly GroupKey[], amounts: boolean): UsageRow {
  const groups: Partial<Record<GroupKey, string>> = {};
  for (const key of groupBy) groups[key] = String(row[GROUP_COLUMN[key]] ?? '');
  const currency = amounts && row.currency ? row.currency : null;
  // An hour not rated yet (the rating job runs seconds behind ingest) has no amount so far: 0.
  const exact = currency === null ? null : new Dec(Number(row.rated ?? 0) === 1 && row.amount ? row.amount : '0');
  const amount = exact === null ? null : exactAmount(exact, currency!);
  return {
    windowStartMs: Number(row.window_start_ms),
    windowEndMs: Number(row.window_end_ms),
    groups,
    gpuMs: BigInt(row.gpu_ms),
    amount,
    currency,
    gpuUtilizationPct: row.utilization_pct ?? null,
    energyWh: row.energy_wh ?? null,
  };
}

/**
 * Exact, never rounded (invoices round per line, once): trailing zeros trimmed, but at least the
 * currency's minor units, so "2.30 EUR" reads like the invoice.
 */
export function exactAmount(amount: InstanceType<typeof Dec>, currency: string): string {
  const minor = isKnownCurrency(currency) ? minorUnits(currency) : 0;
  const text = amount.toFixed();
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  return decimals >= minor ? text : amount.toFixed(minor);
}

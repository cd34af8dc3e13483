/**
 * The oracle of covered time (CONTRACTS.md §3): the implementation is SQL (coveredPiecesSql in
 * libs/clickhouse, usage_covered_hourly, the rating job's cellPiecesSql), and
 * tests/integration/covered-time.properties.test.ts holds it to this on random intervals. Written
 * for clarity, not speed; no production code imports it.
 *
 * Exact integer arithmetic on half-open `[startMs, endMs)` epoch-ms intervals. Every value stays
 * a safe integer, so GPU-ms are exact and the rating step can turn them into money with one
 * rounding. Malformed input (non-integer ms, end
 * before start, overlapping lists where a union is required) is a programmer error and
 * throws: silently tolerating it would bill a millisecond twice or not at all.
 */

import { MS_PER_HOUR, type Span } from '@hourglass/time';

export type Interval = Span;

/** Sorted, disjoint, with overlapping and touching intervals merged and empty ones dropped. */
export function unionIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((interval) => length(interval) > 0).sort((a, b) => a.startMs - b.startMs);
  const union: Interval[] = [];
  let last: Interval | undefined;
  for (const { startMs, endMs } of sorted) {
    if (last !== undefined && startMs <= last.endMs) {
      if (endMs > last.endMs) last.endMs = endMs;
    } else {
      last = { startMs, endMs };
      union.push(last);
    }
  }
  return union;
}

/** Each interval cut to `window` (`endMs: null` = open-ended); what falls outside is dropped. */
export function clipIntervals(
  list: readonly Interval[],
  window: { startMs: number; endMs: number | null },
): Interval[] {
  const windowEndMs = window.endMs ?? Number.MAX_SAFE_INTEGER;
  assertInterval({ startMs: window.startMs, endMs: windowEndMs });
  const clipped: Interval[] = [];
  for (const interval of list) {
    assertInterval(interval);
    const startMs = Math.max(interval.startMs, window.startMs);
    const endMs = Math.min(interval.endMs, windowEndMs);
    if (endMs > startMs) clipped.push({ startMs, endMs });
  }
  return clipped;
}

/** Milliseconds covered by a sorted, disjoint list, such as `unionIntervals` returns. */
export function totalMs(list: readonly Interval[]): number {
  assertSortedDisjoint(list);
  let total = 0;
  for (const interval of list) total += interval.endMs - interval.startMs;
  return total;
}

/** Hour start (UTC epoch ms) → milliseconds covered in that hour, for a sorted, disjoint list. */
export function hourlyMs(list: readonly Interval[]): Map<number, number> {
  assertSortedDisjoint(list);
  const byHour = new Map<number, number>();
  for (const interval of list) {
    let startMs = interval.startMs;
    while (startMs < interval.endMs) {
      const hourStartMs = Math.floor(startMs / MS_PER_HOUR) * MS_PER_HOUR;
      const endMs = Math.min(interval.endMs, hourStartMs + MS_PER_HOUR);
      byHour.set(hourStartMs, (byHour.get(hourStartMs) ?? 0) + (endMs - startMs));
      startMs = endMs;
    }
  }
  return byHour;
}

/** GPU-milliseconds: `gpuCount` × covered ms, refused if it would leave the exact integer range. */
export function gpuMs(coveredMs: number, gpuCount: number): number {
  assertSafeInteger(coveredMs, 'coveredMs');
  assertSafeInteger(gpuCount, 'gpuCount');
  if (coveredMs < 0 || gpuCount < 1) throw new Error(`gpuMs: need coveredMs >= 0 and gpuCount >= 1, got ${coveredMs}, ${gpuCount}`);
  const product = coveredMs * gpuCount;
  if (!Number.isSafeInteger(product)) throw new Error(`gpuMs: ${coveredMs} ms × ${gpuCount} GPUs exceeds 2^53`);
  return product;
}

function length(interval: Interval): number {
  assertInterval(interval);
  return interval.endMs - interval.startMs;
}

function assertInterval(interval: Interval): void {
  assertSafeInteger(interval.startMs, 'startMs');
  assertSafeInteger(interval.endMs, 'endMs');
  if (interval.endMs < interval.startMs) {
    throw new Error(`interval ends before it starts: [${interval.startMs}, ${interval.endMs})`);
  }
}

function assertSortedDisjoint(list: readonly Interval[]): void {
  let previousEndMs = -Infinity;
  for (const interval of list) {
    assertInterval(interval);
    if (interval.startMs < previousEndMs) {
      throw new Error('intervals overlap or are unsorted: pass them through unionIntervals first');
    }
    previousEndMs = interval.endMs;
  }
}

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a safe integer, got ${value}`);
}

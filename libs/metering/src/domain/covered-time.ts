/**
 * Covered time (CONTRACTS.md §3) as exact integer arithmetic on half-open `[startMs, endMs)`
 * epoch-ms intervals. Every value stays a safe integer, so GPU-ms are exact and the rating
 * step can turn them into money with one rounding. Malformed input (non-integer ms, end
 * before start, overlapping lists where a union is required) is a programmer error and
 * throws: silently tolerating it would bill a millisecond twice or not at all.
 */

import { MS_PER_HOUR, splitByBoundaries, type Span } from '@hourglass/time';

export type Interval = Span;

export type BucketedInterval = Interval & { bucket: number };


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

/**
 * Cuts intervals at the boundaries; `bucket` i is the span `[b[i], b[i+1])`, the last one
 * open-ended, and -1 is before `b[0]`. With price-version `effectiveFrom`s as boundaries, the
 * bucket is the version that prices each millisecond. Equal boundaries leave the earlier
 * bucket empty, so the later version wins a tie. The cutting is the shared `splitByBoundaries`;
 * this adds the bucket and the checks an oracle needs.
 */
export function bucketByBoundaries(list: readonly Interval[], boundariesMs: readonly number[]): BucketedInterval[] {
  for (let i = 0; i < boundariesMs.length; i++) {
    assertSafeInteger(boundariesMs[i], 'boundary');
    if (i > 0 && boundariesMs[i] < boundariesMs[i - 1]) throw new Error('bucketByBoundaries: boundaries must be sorted');
  }
  list.forEach(assertInterval);
  return splitByBoundaries(list, boundariesMs).map((piece) => ({ ...piece, bucket: lastAtOrBefore(boundariesMs, piece.startMs) }));
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

/** Index of the last boundary <= ms, or -1 (binary search: price books can have many versions). */
function lastAtOrBefore(boundariesMs: readonly number[], ms: number): number {
  let low = 0;
  let high = boundariesMs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (boundariesMs[middle] <= ms) low = middle + 1;
    else high = middle;
  }
  return low - 1;
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

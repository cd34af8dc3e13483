import type { Fleet } from './fleet';
import type { SimulatedMessage } from './usage-generator';

export interface ExpectedSpan {
  /** Count only covered time inside [fromMs, toMs), e.g. one billing period. */
  fromMs?: number;
  toMs?: number;
}

/**
 * The GPU-milliseconds Hourglass must bill per rental for these messages (CONTRACTS.md §3):
 * the union of the intervals of 'good' messages, the first message with a (source, id) key
 * winning, clipped to the rental's [startedAt, endedAt) (and to `span`), times `gpuCount`.
 * Every rental of the fleet is in the map, 0n when nothing was covered.
 *
 * Deliberately not a sort-and-merge sweep, which is what the pipeline is likely to do: it
 * cuts the timeline at every interval boundary into elementary segments, counts how many
 * intervals cover each segment (a difference array over the boundary set), and sums the
 * segments covered at least once. The two methods share no code and fail differently, so
 * agreement between them checks the pipeline's arithmetic rather than repeating it.
 */
export function expectedGpuMs(fleet: Fleet, messages: Iterable<SimulatedMessage>, span: ExpectedSpan = {}): Map<string, bigint> {
  const windows = new Map<string, { loMs: number; hiMs: number; gpuCount: number }>();
  for (const rental of fleet.rentals) {
    windows.set(rental.rentalId, {
      loMs: Math.max(Date.parse(rental.startedAt), span.fromMs ?? Number.NEGATIVE_INFINITY),
      hiMs: Math.min(rental.endedAt === null ? Number.POSITIVE_INFINITY : Date.parse(rental.endedAt), span.toMs ?? Number.POSITIVE_INFINITY),
      gpuCount: rental.gpuCount,
    });
  }

  const seen = new Set<string>();
  /** Per rental, clipped intervals as a flat [start0, end0, start1, end1, …]. */
  const endpoints = new Map<string, number[]>();
  for (const message of messages) {
    const expected = message.expected;
    if (expected.kind !== 'good') continue;
    const key = message.msgId ?? eventKeyOf(message.data);
    if (seen.has(key)) continue;
    seen.add(key);
    const window = windows.get(expected.rentalId);
    if (window === undefined) throw new Error(`good message for rental ${expected.rentalId}, which is not in the fleet`);
    const startMs = Math.max(expected.intervalStartMs, window.loMs);
    const endMs = Math.min(expected.intervalEndMs, window.hiMs);
    if (endMs <= startMs) continue;
    let list = endpoints.get(expected.rentalId);
    if (list === undefined) endpoints.set(expected.rentalId, (list = []));
    list.push(startMs, endMs);
  }

  const result = new Map<string, bigint>();
  for (const [rentalId, window] of windows) {
    const list = endpoints.get(rentalId);
    const coveredMs = list === undefined ? 0 : coveredMsOf(list);
    result.set(rentalId, BigInt(coveredMs) * BigInt(window.gpuCount));
  }
  return result;
}

/** Length of the union of half-open intervals given as flat endpoint pairs. */
export function coveredMsOf(endpoints: readonly number[]): number {
  // Distinct boundaries; Float64Array sorts numerically, where Array#sort would compare as text.
  const boundaries = Float64Array.from(new Set(endpoints)).sort();
  const depthChange = new Int32Array(boundaries.length);
  for (let i = 0; i < endpoints.length; i += 2) {
    depthChange[indexOf(boundaries, endpoints[i] as number)] += 1;
    depthChange[indexOf(boundaries, endpoints[i + 1] as number)] -= 1;
  }
  let depth = 0;
  let coveredMs = 0;
  for (let i = 0; i + 1 < boundaries.length; i++) {
    depth += depthChange[i] as number;
    // Between two adjacent boundaries no interval starts or ends, so the segment is covered
    // wholly or not at all.
    if (depth > 0) coveredMs += (boundaries[i + 1] as number) - (boundaries[i] as number);
  }
  return coveredMs;
}

function indexOf(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid] as number;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`boundary ${value} missing from its own boundary set`);
}

function eventKeyOf(data: string): string {
  const event = JSON.parse(data) as { source?: unknown; id?: unknown };
  if (typeof event.source !== 'string' || typeof event.id !== 'string') {
    throw new Error('a good message needs a msgId or a payload with string source and id');
  }
  return `${event.source}|${event.id}`;
}

/** How many messages Hourglass must reject, by reason code. */
export function expectedRejections(messages: Iterable<SimulatedMessage>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    if (message.expected.kind === 'bad') counts.set(message.expected.reason, (counts.get(message.expected.reason) ?? 0) + 1);
  }
  return counts;
}

export interface ExpectedOutcomeCounts {
  good: number;
  duplicate: number;
  bad: number;
  /** Duplicates that carry a msgId: JetStream drops those it sees within its duplicate window. */
  keyedDuplicate: number;
}

export function expectedOutcomeCounts(messages: Iterable<SimulatedMessage>): ExpectedOutcomeCounts {
  const counts: ExpectedOutcomeCounts = { good: 0, duplicate: 0, bad: 0, keyedDuplicate: 0 };
  for (const message of messages) {
    counts[message.expected.kind]++;
    if (message.expected.kind === 'duplicate' && message.msgId !== null) counts.keyedDuplicate++;
  }
  return counts;
}

/**
 * Which usage the job has read. Every USAGE message becomes exactly one usage_outcomes row
 * keyed by its stream sequence, but not in sequence order: metering puts an event whose
 * rental is not known yet back for a retry and writes the batch around it, so sequence 100
 * can appear after 200. A plain "max sequence read" watermark would step over 100 for good.
 * The job therefore keeps the high watermark plus the ranges below it that had no row when
 * it looked (gaps), and reads those again every tick until they fill or time out.
 */

/** Stream sequences [fromSeq, toSeq], inclusive, that had no outcome row when first looked for. */
export interface SeqGap {
  fromSeq: number;
  toSeq: number;
  firstSeenMs: number;
}

export interface ScanState {
  /** Highest stream sequence read. */
  watermark: number;
  gaps: SeqGap[];
}

export interface ScanStep {
  state: ScanState;
  /** Sequences read after the watermark (every outcome, not only accepted ones), any order. */
  scannedSeqs: readonly number[];
  /** Sequences read inside state.gaps this tick. */
  filledSeqs: readonly number[];
  /** Sequences read this tick that could not be rated yet; they are read again next tick. */
  deferredSeqs: readonly number[];
  nowMs: number;
  /** A gap older than this is given up (its message was removed from the stream, or is stuck). */
  gapTimeoutMs: number;
  /** Bound on the number of gap ranges carried; the oldest are given up first. */
  gapsMax: number;
}

export interface ScanAdvance {
  state: ScanState;
  /** Gaps given up this tick: usage that arrives in them later is not rated until its hour is touched again. */
  expired: SeqGap[];
}

function subtract(gap: SeqGap, seqsAscending: readonly number[]): SeqGap[] {
  const out: SeqGap[] = [];
  let from = gap.fromSeq;
  for (const seq of seqsAscending) {
    if (seq < from || seq > gap.toSeq) continue;
    if (seq > from) out.push({ fromSeq: from, toSeq: seq - 1, firstSeenMs: gap.firstSeenMs });
    from = seq + 1;
  }
  if (from <= gap.toSeq) out.push({ fromSeq: from, toSeq: gap.toSeq, firstSeenMs: gap.firstSeenMs });
  return out;
}

function merge(gaps: SeqGap[]): SeqGap[] {
  const sorted = [...gaps].sort((a, b) => a.fromSeq - b.fromSeq);
  const out: SeqGap[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last && last.toSeq + 1 === g.fromSeq && last.firstSeenMs === g.firstSeenMs) last.toSeq = g.toSeq;
    else out.push({ ...g });
  }
  return out;
}

export function advanceScan(step: ScanStep): ScanAdvance {
  const { state, nowMs } = step;
  const scanned = [...new Set(step.scannedSeqs)].filter((s) => s > state.watermark).sort((a, b) => a - b);
  const filled = [...new Set(step.filledSeqs)].sort((a, b) => a - b);
  const firstSeen = (seq: number) => state.gaps.find((g) => seq >= g.fromSeq && seq <= g.toSeq)?.firstSeenMs ?? nowMs;

  let gaps: SeqGap[] = state.gaps.flatMap((g) => subtract(g, filled));
  let expected = state.watermark + 1;
  for (const seq of scanned) {
    if (seq > expected) gaps.push({ fromSeq: expected, toSeq: seq - 1, firstSeenMs: nowMs });
    expected = seq + 1;
  }
  // A deferred sequence keeps the age of the gap it came from, so that it too times out.
  for (const seq of new Set(step.deferredSeqs)) gaps.push({ fromSeq: seq, toSeq: seq, firstSeenMs: firstSeen(seq) });

  const expired: SeqGap[] = [];
  gaps = gaps.filter((g) => {
    if (nowMs - g.firstSeenMs < step.gapTimeoutMs) return true;
    expired.push(g);
    return false;
  });
  gaps = merge(gaps);
  if (gaps.length > step.gapsMax) {
    const byAge = [...gaps].sort((a, b) => a.firstSeenMs - b.firstSeenMs || a.fromSeq - b.fromSeq);
    const dropped = new Set(byAge.slice(0, gaps.length - step.gapsMax));
    expired.push(...dropped);
    gaps = gaps.filter((g) => !dropped.has(g));
  }
  return {
    state: { watermark: scanned.length > 0 ? Math.max(state.watermark, scanned[scanned.length - 1]!) : state.watermark, gaps },
    expired: merge(expired),
  };
}

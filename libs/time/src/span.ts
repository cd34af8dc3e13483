/** A half-open span of time [startMs, endMs) in Unix milliseconds, UTC. */
export interface Span {
  startMs: number;
  endMs: number;
}

export function spanMs(span: Span): number {
  return Math.max(0, span.endMs - span.startMs);
}

export function intersect(a: Span, b: Span): Span | undefined {
  const startMs = Math.max(a.startMs, b.startMs);
  const endMs = Math.min(a.endMs, b.endMs);
  return startMs < endMs ? { startMs, endMs } : undefined;
}

/** Whether `ms` lies in the half-open span: the end belongs to the next span, never to this one. */
export function contains(span: Span, ms: number): boolean {
  return span.startMs <= ms && ms < span.endMs;
}

/**
 * Cuts each span at every boundary strictly inside it, so that no piece straddles a boundary (a
 * price version's `effectiveFrom`, a month's start). Pieces keep their order and together cover
 * exactly what the spans covered; empty spans are dropped. Boundaries need not be sorted or distinct.
 */
export function splitByBoundaries(spans: readonly Span[], boundariesMs: readonly number[]): Span[] {
  const cuts = [...new Set(boundariesMs)].sort((a, b) => a - b);
  const pieces: Span[] = [];
  for (const span of spans) {
    let startMs = span.startMs;
    for (const cut of cuts) {
      if (cut <= startMs) continue;
      if (cut >= span.endMs) break;
      pieces.push({ startMs, endMs: cut });
      startMs = cut;
    }
    if (startMs < span.endMs) pieces.push({ startMs, endMs: span.endMs });
  }
  return pieces;
}

/** Milliseconds of `spans` inside `window`; the spans must not overlap (they are a union). */
export function coveredMsWithin(spans: readonly Span[], window: Span): number {
  let ms = 0;
  for (const span of spans) {
    const piece = intersect(span, window);
    if (piece) ms += spanMs(piece);
  }
  return ms;
}

/**
 * Whether the usage consumer keeps up, from successive readings of its backlog. Two states, and a
 * line only on a change: a log that says "caught up" every ten seconds is a log nobody reads.
 * Behind: the backlog is at least `behindAt` and did not shrink since the last reading. Caught up:
 * the backlog is back under `caughtUpBelow` (lower than `behindAt`, so a backlog hovering near the
 * mark does not flap).
 */
export interface LagReading {
  atMs: number;
  pending: number;
}

export interface LagThresholds {
  behindAt: number;
  caughtUpBelow: number;
}

export type LagState = 'caught_up' | 'behind';

export interface LagTransition {
  state: LagState;
  line: string | null;
}

export function nextLagState(state: LagState, previous: LagReading | null, now: LagReading, thresholds: LagThresholds): LagTransition {
  if (state === 'caught_up') {
    const growing = previous === null || now.pending >= previous.pending;
    if (now.pending >= thresholds.behindAt && growing) {
      const rate = previous && now.atMs > previous.atMs ? Math.round(((now.pending - previous.pending) * 1000) / (now.atMs - previous.atMs)) : null;
      return { state: 'behind', line: `usage consumer is falling behind: ${now.pending} events waiting${rate === null ? '' : `, growing by ${rate}/s`}` };
    }
    return { state, line: null };
  }
  if (now.pending < thresholds.caughtUpBelow) return { state: 'caught_up', line: `usage consumer caught up: ${now.pending} events waiting` };
  return { state, line: null };
}

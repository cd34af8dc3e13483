import type { Clock } from '@hourglass/contracts';

/**
 * The one place that reads the wall clock. Services receive a Clock (token CLOCK in the platform
 * module) and never call Date.now(): a test that froze the date would otherwise see two dates.
 */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that never moves until told to: for unit specs that step time by hand. */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function fixedClock(at: number | string): ManualClock {
  let nowMs = instant(at);
  return {
    nowMs: () => nowMs,
    set(ms) {
      nowMs = ms;
    },
    advance(ms) {
      nowMs += ms;
    },
  };
}

/**
 * A clock that starts at a fixed instant and runs at the real rate: tests see the same date on any
 * day they run, while timeouts and leases inside Hourglass still elapse. Monotonic (performance.now),
 * so a wall-clock step during a test does not move it.
 */
export function clockStartingAt(at: number | string): Clock {
  const startMs = instant(at);
  const t0 = performance.now();
  return { nowMs: () => startMs + Math.floor(performance.now() - t0) };
}

function instant(at: number | string): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${String(at)} is not an instant (integer epoch ms or an ISO timestamp)`);
  return ms;
}

/**
 * Where a process's start-up went: each phase records its wall time (ms) once it finishes, and the
 * usage consumer prints them all, with the time since the process began, when it issues its first
 * fetch (`hourglass serve` logs one `start-up {…}` line; bench/ingest reads it). Phases may overlap:
 * those started together run in parallel, so they do not add up to the total.
 */
const phases: Record<string, number> = {};

/** Milliseconds since this process started (the origin of `performance.now()`). */
export function sinceProcessStartMs(): number {
  return performance.now();
}

/** Runs one start-up phase and records its duration under `name` (added to, if it runs twice). */
export async function startupPhase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = Math.round((phases[name] ?? 0) + performance.now() - t0);
  }
}

/** Records a phase measured by the caller. */
export function recordStartupPhase(name: string, ms: number): void {
  phases[name] = Math.round((phases[name] ?? 0) + ms);
}

/** The phases recorded so far, in ms, in the order they finished. */
export function startupPhases(): Readonly<Record<string, number>> {
  return { ...phases };
}

/**
 * A lease with a fencing token. The token grows with every acquisition of a name, so a holder that
 * stalled past its lease and woke up can be told from the current one: a write that carries or checks
 * its token is refused once a newer holder exists.
 */
export interface LeaseStore {
  /** A new fencing token, greater than every earlier one of this name; null while another holder has it. */
  acquire(name: string, leaseMs: number): Promise<number | null>;
  /** Still the current holder? */
  holds(name: string, token: number): Promise<boolean>;
  /** Extends the lease if `token` still holds it; false when it expired or another holder took it. */
  renew(name: string, token: number, leaseMs: number): Promise<boolean>;
  /** Gives the lease up if `token` still holds it; never releases another holder's lease. */
  release(name: string, token: number): Promise<void>;
}

export type JobOutcome = 'ran' | 'skipped' | 'failed';

/** What a leased job reports; the Prometheus adapter turns it into metrics labelled by job. */
export interface JobMetrics {
  run(job: string, outcome: JobOutcome, seconds: number): void;
  leaseHeld(job: string, held: boolean): void;
}

export const NO_JOB_METRICS: JobMetrics = { run: () => undefined, leaseHeld: () => undefined };

/** Timers as a port, so the heartbeat and the schedule can be driven by a test. */
export interface Timers {
  setInterval(fn: () => void, ms: number): { cancel(): void };
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const NODE_TIMERS: Timers = {
  setInterval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
  setTimeout(fn, ms) {
    // A pending tick must not keep a process alive that is otherwise done (a CLI command, a test).
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

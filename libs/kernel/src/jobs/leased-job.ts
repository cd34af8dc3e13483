import type { Clock } from '@hourglass/contracts';
import { Fence } from './fence';
import { NODE_TIMERS, NO_JOB_METRICS, type JobMetrics, type JobOutcome, type LeaseStore, type Timers } from './ports';

export interface LeasedJobOptions {
  /** The lease's name and the `job` label of its metrics. */
  name: string;
  /** Longer than a tick and the pause between ticks: the holder keeps the lease by ticking. */
  leaseMs: number;
  /** Pause between the end of one tick and the start of the next. */
  intervalMs: number;
  /**
   * Bound on one tick: past it the heartbeat stops renewing, so a tick that hangs (a stuck query)
   * hands the job to another replica within one lease. The work itself must bound its batches so that
   * a healthy tick ends well inside it.
   */
  tickMsMax: number;
}

export interface LeasedJobDeps {
  store: LeaseStore;
  clock: Clock;
  metrics?: JobMetrics;
  timers?: Timers;
  /** Told of a tick that threw; the next tick retries. */
  onError?: (error: unknown) => void;
}

/**
 * One job across replicas: every replica runs the schedule, the one holding the lease does the work.
 * The lease is kept between ticks (renewed at the start of each), so the job stays where it is and
 * only moves when its holder dies or hangs. Ticks never overlap; stop() waits for the tick in hand
 * and releases the lease, so a rolling restart hands the job over at once instead of after a lease.
 */
export class LeasedJob {
  private fence: Fence | null = null;
  private timer: { cancel(): void } | null = null;
  private running = false;
  private current: Promise<JobOutcome> | null = null;
  private readonly metrics: JobMetrics;
  private readonly timers: Timers;

  constructor(
    private readonly options: LeasedJobOptions,
    private readonly deps: LeasedJobDeps,
    private readonly work: (fence: Fence) => Promise<unknown>,
  ) {
    if (options.leaseMs <= options.intervalMs) throw new Error(`lease of ${options.name} (${options.leaseMs} ms) must outlast the pause between ticks (${options.intervalMs} ms)`);
    this.metrics = deps.metrics ?? NO_JOB_METRICS;
    this.timers = deps.timers ?? NODE_TIMERS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** One tick now, outside the schedule (tests, and `stop()` waits for it too). */
  runOnce(): Promise<JobOutcome> {
    const tick = (this.current ?? Promise.resolve('skipped' as JobOutcome)).then(() => this.tick());
    this.current = tick;
    return tick;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    await this.current?.catch(() => undefined);
    const fence = this.fence;
    this.fence = null;
    this.metrics.leaseHeld(this.options.name, false);
    await fence?.release().catch(() => undefined);
  }

  get holdsLease(): boolean {
    return this.fence?.held ?? false;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = this.timers.setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  private async tick(): Promise<JobOutcome> {
    const startedMs = this.deps.clock.nowMs();
    let outcome: JobOutcome = 'failed';
    try {
      const fence = await this.takeOrKeepLease();
      this.metrics.leaseHeld(this.options.name, fence !== null);
      if (!fence) {
        outcome = 'skipped';
        return outcome;
      }
      // A fresh hold per tick bounds the tick, not the whole time the lease is kept.
      const tickFence = new Fence(this.deps.store, this.options.name, fence.token, this.deps.clock, {
        leaseMs: this.options.leaseMs,
        holdMsMax: this.options.tickMsMax,
      });
      tickFence.startHeartbeat(this.timers);
      try {
        await this.work(tickFence);
      } finally {
        tickFence.stopHeartbeat();
        if (!tickFence.held) this.fence = null;
      }
      outcome = 'ran';
      return outcome;
    } catch (error) {
      this.deps.onError?.(error);
      return outcome;
    } finally {
      this.metrics.run(this.options.name, outcome, (this.deps.clock.nowMs() - startedMs) / 1000);
    }
  }

  private async takeOrKeepLease(): Promise<Fence | null> {
    if (this.fence && (await this.fence.renew())) return this.fence;
    this.fence = null;
    const token = await this.deps.store.acquire(this.options.name, this.options.leaseMs);
    if (token === null) return null;
    this.fence = new Fence(this.deps.store, this.options.name, token, this.deps.clock, { leaseMs: this.options.leaseMs, holdMsMax: null });
    return this.fence;
  }
}

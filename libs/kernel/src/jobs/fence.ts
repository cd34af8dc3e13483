import { LEASE_LOST, type Clock, type FenceCheck, type LeaseRunner } from '@hourglass/contracts';
import { NODE_TIMERS, type LeaseStore, type Timers } from './ports';

export class LeaseLostError extends Error {
  readonly reason = LEASE_LOST;
  constructor(
    readonly lease: string,
    readonly token: number,
  ) {
    super(`lease ${lease} (fencing token ${token}) is no longer held: a newer holder may be writing; nothing more was written`);
  }
}

export { UNFENCED, type FenceCheck } from '@hourglass/contracts';

export interface HeartbeatOptions {
  leaseMs: number;
  /** Renewals happen this often; a third of the lease leaves two chances before it expires. */
  heartbeatMs?: number;
  /**
   * A holder stops renewing after holding this long, so one that hangs loses the lease within one
   * more lease instead of keeping every replica out forever. null: no bound (a billing run, whose
   * length depends on the data).
   */
  holdMsMax: number | null;
}

/**
 * One acquired lease: its fencing token, a heartbeat that renews it while held, and the check that
 * writers call. Once a renewal fails the fence stays lost: a lease is never silently regained, since
 * another holder may have written in between.
 */
export class Fence implements FenceCheck {
  private lost = false;
  private heartbeat: { cancel(): void } | null = null;
  private readonly acquiredAtMs: number;

  constructor(
    private readonly store: LeaseStore,
    readonly name: string,
    readonly token: number,
    private readonly clock: Clock,
    private readonly options: HeartbeatOptions,
  ) {
    this.acquiredAtMs = clock.nowMs();
  }

  get held(): boolean {
    return !this.lost;
  }

  startHeartbeat(timers: Timers): void {
    const every = this.options.heartbeatMs ?? Math.max(100, Math.floor(this.options.leaseMs / 3));
    this.heartbeat = timers.setInterval(() => void this.renew().catch(() => undefined), every);
  }

  stopHeartbeat(): void {
    this.heartbeat?.cancel();
    this.heartbeat = null;
  }

  /** Extends the lease; false (and lost for good) when it is gone or the hold bound has passed. */
  async renew(): Promise<boolean> {
    if (this.lost) return false;
    const { holdMsMax, leaseMs } = this.options;
    if (holdMsMax !== null && this.clock.nowMs() - this.acquiredAtMs >= holdMsMax) {
      this.markLost();
      return false;
    }
    const ok = await this.store.renew(this.name, this.token, leaseMs);
    if (!ok) this.markLost();
    return ok;
  }

  async assertHeld(): Promise<void> {
    if (!(await this.renew())) throw new LeaseLostError(this.name, this.token);
  }

  async release(): Promise<void> {
    this.stopHeartbeat();
    this.lost = true;
    await this.store.release(this.name, this.token);
  }

  private markLost(): void {
    this.lost = true;
    this.stopHeartbeat();
  }
}

export interface LeaseOptions extends HeartbeatOptions {
  name: string;
}

/**
 * Runs `work` while holding the lease `name`, renewed by a heartbeat, and releases it afterwards
 * (also when `work` throws). Returns `{ acquired: false }` without running anything while another
 * holder has it. `work` checks `fence.assertHeld()` before each write that must not happen twice.
 */
export async function withLease<T>(
  store: LeaseStore,
  clock: Clock,
  timers: Timers,
  options: LeaseOptions,
  work: (fence: Fence) => Promise<T>,
): Promise<{ acquired: false } | { acquired: true; value: T }> {
  const token = await store.acquire(options.name, options.leaseMs);
  if (token === null) return { acquired: false };
  const fence = new Fence(store, options.name, token, clock, options);
  fence.startHeartbeat(timers);
  try {
    return { acquired: true, value: await work(fence) };
  } finally {
    await fence.release();
  }
}

/**
 * `LeaseRunner` (the port domain services take) over a LeaseStore: `withLease` with no bound on the
 * hold, for one-off work whose length grows with the data (a billing run).
 */
export class FencedLeaseRunner implements LeaseRunner {
  constructor(
    private readonly store: LeaseStore,
    private readonly clock: Clock,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  runExclusive<T>(name: string, leaseMs: number, work: (fence: FenceCheck) => Promise<T>): Promise<{ acquired: false } | { acquired: true; value: T }> {
    return withLease(this.store, this.clock, this.timers, { name, leaseMs, holdMsMax: null }, work);
  }
}

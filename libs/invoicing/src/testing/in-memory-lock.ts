import type { BillingLock } from '../ports';

/** A fenced lease in memory: the same contract as RedisBillingLock, time given by `nowMs`. */
export class InMemoryLock implements BillingLock {
  private fence = 0;
  private readonly leases = new Map<string, { token: number; untilMs: number }>();

  constructor(private readonly nowMs: () => number = () => 0) {}

  private live(name: string) {
    const lease = this.leases.get(name);
    return lease && lease.untilMs > this.nowMs() ? lease : undefined;
  }

  async acquire(name: string, leaseMs: number): Promise<number | null> {
    const token = ++this.fence;
    if (this.live(name)) return null;
    this.leases.set(name, { token, untilMs: this.nowMs() + leaseMs });
    return token;
  }

  async holds(name: string, token: number): Promise<boolean> {
    return this.live(name)?.token === token;
  }

  async renew(name: string, token: number, leaseMs: number): Promise<boolean> {
    const lease = this.live(name);
    if (lease?.token !== token) return false;
    lease.untilMs = this.nowMs() + leaseMs;
    return true;
  }

  async release(name: string, token: number): Promise<void> {
    if (this.leases.get(name)?.token === token) this.leases.delete(name);
  }

  /** Another holder takes the lease over, as after a stall past its expiry. */
  steal(name: string, leaseMs = 60_000): void {
    this.leases.set(name, { token: ++this.fence, untilMs: this.nowMs() + leaseMs });
  }
}

import type { Clock } from '@hourglass/contracts';
import type { LeaseStore } from './ports';

/** The LeaseStore contract in memory, with expiry by the given clock: for specs and single-process tools. */
export class InMemoryLeaseStore implements LeaseStore {
  private readonly fences = new Map<string, number>();
  private readonly leases = new Map<string, { token: number; expiresAtMs: number }>();

  constructor(private readonly clock: Clock) {}

  async acquire(name: string, leaseMs: number): Promise<number | null> {
    const token = (this.fences.get(name) ?? 0) + 1;
    this.fences.set(name, token);
    if (this.current(name)) return null;
    this.leases.set(name, { token, expiresAtMs: this.clock.nowMs() + leaseMs });
    return token;
  }

  async holds(name: string, token: number): Promise<boolean> {
    return this.current(name)?.token === token;
  }

  async renew(name: string, token: number, leaseMs: number): Promise<boolean> {
    const lease = this.current(name);
    if (lease?.token !== token) return false;
    lease.expiresAtMs = this.clock.nowMs() + leaseMs;
    return true;
  }

  async release(name: string, token: number): Promise<void> {
    if (this.current(name)?.token === token) this.leases.delete(name);
  }

  private current(name: string): { token: number; expiresAtMs: number } | undefined {
    const lease = this.leases.get(name);
    if (lease && lease.expiresAtMs <= this.clock.nowMs()) {
      this.leases.delete(name);
      return undefined;
    }
    return lease;
  }
}

/**
 * Ports for work that must run on one replica at a time, for domain code that may not import the
 * kernel (which implements them over Redis: `@hourglass/kernel`, `FencedLeaseRunner`).
 */

/** What a writer asks before it writes: is my lease's fencing token still the current one? */
export interface FenceCheck {
  /** Grows with every acquisition of the lease: a newer holder always has a greater one. */
  readonly token: number;
  /** Renews the lease, or throws an error with reason `lease_lost`; call right before each durable write. */
  assertHeld(): Promise<void>;
}

/** A check that always passes: for code run outside any lease (one-off tools, unit specs). */
export const UNFENCED: FenceCheck = { token: 0, assertHeld: async () => undefined };

export const LEASE_LOST = 'lease_lost';

export function isLeaseLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { reason?: unknown }).reason === LEASE_LOST;
}

/** Runs work under a fenced lease, kept alive while the work runs, released afterwards. */
export interface LeaseRunner {
  /** `{ acquired: false }` without running anything while another holder has `name`. */
  runExclusive<T>(name: string, leaseMs: number, work: (fence: FenceCheck) => Promise<T>): Promise<{ acquired: false } | { acquired: true; value: T }>;
}

import type { Clock, IdGenerator, LeaseRunner, Outbox } from '@hourglass/contracts';
import type { IdempotencyStore, InvoiceLifecycleRepository } from '../ports';

export interface LockWait {
  /** The lease of the lock, kept alive by a heartbeat and checked just before each write. */
  leaseMs: number;
  /** Bounded wait for a lock another request holds: attempts × pauseMs at most, then `busy`. */
  attempts: number;
  pauseMs: number;
}

/** What every lifecycle use case is given: ports, a clock, the billing entity, and the lock's bounds. */
export interface LifecycleContext {
  repository: InvoiceLifecycleRepository;
  idempotency: IdempotencyStore;
  /** The kernel's fenced lease (`FencedLeaseRunner` over Redis in production). */
  lock: LeaseRunner;
  /** Outgoing events (§12), enqueued in the write path before the request is recorded completed. */
  outbox: Outbox;
  clock: Clock;
  ids: IdGenerator;
  billingEntity: string;
  lockWait: LockWait;
}

export const DEFAULT_LOCK_WAIT: LockWait = { leaseMs: 30_000, attempts: 400, pauseMs: 25 };

import type { OutboxMessage } from '@hourglass/contracts';

export type { Outbox, OutboxMessage } from '@hourglass/contracts';
export { NO_OUTBOX } from '@hourglass/contracts';

export interface StoredOutboxMessage extends OutboxMessage {
  /** Where it sits in the outbox: microseconds of ClickHouse time when it was written. */
  positionUs: number;
}

/** The relay's side of the outbox table. */
export interface OutboxStore {
  /** Everything at or below this position was delivered (0 before the first delivery). */
  progress(relay: string): Promise<number>;
  /** Undelivered messages above `afterUs`, by position, each id once, at most `limit`. */
  undelivered(afterUs: number, limit: number): Promise<StoredOutboxMessage[]>;
  /** The lowest position above `afterUs` of a message not delivered yet, or null. */
  firstUndelivered(afterUs: number): Promise<number | null>;
  /** ClickHouse's now minus `settleMs`: rows below it were written by inserts that have ended. */
  settledPosition(settleMs: number): Promise<number>;
  recordDeliveries(relay: string, messages: readonly StoredOutboxMessage[]): Promise<void>;
  recordProgress(relay: string, positionUs: number): Promise<void>;
}

/** Publishes one message with its id as the broker's dedup id; resolves once the broker has it. */
export interface MessagePublisher {
  publish(message: OutboxMessage): Promise<void>;
}


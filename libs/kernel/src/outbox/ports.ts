/** A fact to tell other systems about, written beside the fact itself and relayed later. */
export interface OutboxMessage {
  /**
   * Stable for the fact: it becomes the `Nats-Msg-Id`, so JetStream drops a republish inside the
   * stream's duplicate window, and a consumer that sees it twice later can drop it too.
   */
  id: string;
  subject: string;
  /** The message body, exactly as published. */
  payload: string;
  headers?: Readonly<Record<string, string>>;
}

/** The write side, for services: enqueue messages in the same write path as the facts they announce. */
export interface Outbox {
  /** With the same token, a retry (same messages, same order) enqueues nothing twice. */
  enqueue(messages: readonly OutboxMessage[], dedupToken: string): Promise<void>;
}

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

export const NO_OUTBOX: Outbox = { enqueue: async () => undefined };

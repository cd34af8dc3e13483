/**
 * A fact to tell other systems about, written beside the fact itself and published later by the
 * kernel's outbox relay (`@hourglass/kernel`).
 */
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

export const NO_OUTBOX: Outbox = { enqueue: async () => undefined };

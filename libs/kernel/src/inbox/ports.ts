/** A webhook exactly as it arrived: what a processor needs to act on it later, or again. */
export interface InboxEntry {
  /** Who sent it (`stripe`, `adyen`). */
  provider: string;
  /** The provider's own id of the event: a redelivery carries the same one. */
  key: string;
  /** The raw body, byte for byte as text: signatures are computed over it. */
  body: string;
  headers: Readonly<Record<string, string>>;
  receivedAtMs: number;
}

export interface InboxProcessed {
  provider: string;
  key: string;
  /** What the processor made of it (`applied`, `ignored: unknown invoice`, …). */
  outcome: string;
  processedAtMs: number;
}

/**
 * Webhooks are stored durably before anything acts on them, and answered 2xx only then: the sender
 * retries anything else, and the processor can run (again) from the stored copy.
 */
export interface Inbox {
  /**
   * Stores the entry unless one with its (provider, key) is stored; true when it was not. Two copies
   * arriving at the same instant are still stored once, though both may be told they are new: the
   * processor, which marks entries processed, is what acts on each key once.
   */
  store(entry: InboxEntry): Promise<{ isNew: boolean }>;
  /** Stored and not yet marked processed, oldest first, at most `limit`. */
  pending(provider: string, limit: number): Promise<InboxEntry[]>;
  markProcessed(marks: readonly InboxProcessed[]): Promise<void>;
}

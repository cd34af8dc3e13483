import type { Rental, RejectionReason, UsageEvent } from '@hourglass/contracts';

export interface IncomingUsage {
  seq: number;
  subject: string;
  data: Uint8Array;
  receivedAtMs: number;
  redelivered: boolean;
  /** Re-examined from the parked store: its message was acked when it was parked. */
  parked?: true;
}

/** An event acked while its rental was not known yet, kept until its outcome row is written. */
export interface ParkedUsage {
  seq: number;
  subject: string;
  data: Uint8Array;
  receivedAtMs: number;
  rentalId: string;
}

export type UsageOutcome =
  | { kind: 'accepted'; seq: number; event: UsageEvent; customerId: string; subject: string; receivedAtMs: number }
  | {
      kind: 'duplicate';
      seq: number;
      firstSeq: number;
      source: string;
      id: string;
      rentalId: string;
      subject: string;
      receivedAtMs: number;
    }
  | {
      kind: 'rejected';
      seq: number;
      reason: RejectionReason;
      detail: string;
      source: string | null;
      id: string | null;
      rentalId: string | null;
      subject: string;
      raw: Uint8Array;
      receivedAtMs: number;
    };

export type Rejection = Extract<UsageOutcome, { kind: 'rejected' }>;

/** The durable record of outcomes: one row per stream sequence, written in one insert per batch. */
export interface UsageOutcomeRepository {
  /** Which of these sequences already have an outcome (written before a crash, not yet acked). */
  existingSeqs(seqs: readonly number[]): Promise<Set<number>>;
  /** The highest stream sequence with an outcome row, 0 when there is none. */
  highestSeq(): Promise<number>;
  insert(outcomes: readonly UsageOutcome[]): Promise<void>;
}

/**
 * Events waiting for their rental (see 026-usage-parked.ts). Parking is durable before the message is
 * acked; an event is resolved only after its outcome row is written, so a crash in between leaves it
 * parked and the next review finds its row and only resolves it.
 */
export interface ParkedUsageStore {
  park(events: readonly ParkedUsage[]): Promise<void>;
  /** Which of these sequences are parked (resolved or not): their message was acked already. */
  parkedSeqs(seqs: readonly number[]): Promise<Set<number>>;
  /** Unresolved events after position `afterSeq`, oldest first. */
  open(limit: number, afterSeq: number): Promise<ParkedUsage[]>;
  /** How many events are parked and unresolved. */
  openCount(): Promise<number>;
  resolve(events: readonly ParkedUsage[]): Promise<void>;
}

/**
 * Remembers which stream sequence first carried each (source, id). Claiming with the sequence, not a
 * flag, makes a redelivered message recognise its own claim: a crash between claim and write must
 * not turn the event into a duplicate of itself.
 */
export interface DedupStore {
  /** For each key, the sequence that holds it after the call (the given one when it was free). */
  claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]>;
}

export interface RentalLookup {
  get(rentalId: string): Rental | undefined;
}

export interface DeadLetterSink {
  /** Idempotent per sequence: publishing the same rejection twice keeps one copy. */
  publish(rejections: readonly Rejection[]): Promise<void>;
}

export interface MeteringMetrics {
  recorded(outcomes: readonly UsageOutcome[]): void;
  redeliveredAlreadyWritten(count: number): void;
  waitingForRental(count: number): void;
}

export type { Clock } from '@hourglass/contracts';

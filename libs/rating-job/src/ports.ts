import type Big from 'big.js';
import type { Customer, PriceBookVersion, Rental } from '@hourglass/contracts';
import type { BookMarks, CreditAlert, HourKey, RatedHour, ScanState, SeqGap, UnpricedReason } from './domain';
import { type Span } from '@hourglass/time';

/** One usage_outcomes row as the job needs it: enough to know which cells it touches. */
export interface OutcomeRef {
  seq: number;
  accepted: boolean;
  rentalId: string;
  startMs: number;
  endMs: number;
}

/** The durable record of one tick; the newest one is where the next tick (or a restarted process) resumes. */
export interface RatingRun {
  ratingSeq: number;
  scan: ScanState;
  books: BookMarks;
  cells: number;
  rows: number;
  startedAtMs: number;
}

export interface SpendTotal {
  customerId: string;
  period: string;
  currency: string;
  amount: Big;
}

export interface RatingRepository {
  /** The newest completed run. */
  lastRun(): Promise<RatingRun | null>;
  /** The highest rating_seq begun, completed or not (0 before the first). */
  lastBegunSeq(): Promise<number>;
  /** Marks `ratingSeq` as taken before any row carries it. */
  beginRun(ratingSeq: number, startedAtMs: number): Promise<void>;
  /** Marks the run completed: the next tick resumes from its state. */
  recordRun(run: RatingRun, recordedAtMs: number): Promise<void>;
  /** Highest stream sequence written, when above `afterSeq` (else `afterSeq`). */
  maxStreamSeq(afterSeq: number): Promise<number>;
  /** Outcomes with a stream sequence above `seq`, ascending, at most `limit`. */
  outcomesAfter(seq: number, limit: number): Promise<OutcomeRef[]>;
  /** Outcomes inside the gaps, at most `limit`. */
  outcomesIn(gaps: readonly SeqGap[], limit: number): Promise<OutcomeRef[]>;
  /**
   * Cells with accepted usage of these rentals in hours starting at or after `fromHourMs`, strictly
   * after `after` in (rentalId, hour) order, at most `limit`, in that order.
   */
  cellsSince(rentalIds: readonly string[], fromHourMs: number, after: HourKey | null, limit: number): Promise<HourKey[]>;
  /** The union of accepted intervals inside each cell, keyed by cellKey; cells without usage are absent. */
  coveredPieces(cells: readonly HourKey[]): Promise<Map<string, Span[]>>;
  /** Appends one rating: every row carries `ratingSeq`, and supersedes older ratings of its cell. */
  appendRatings(rows: readonly RatedHour[], ratingSeq: number, ratedAtMs: number): Promise<void>;
  /** Exact spend per currency in the newest rating of every cell of the customers' month. */
  spend(customerIds: readonly string[], period: string): Promise<SpendTotal[]>;
}

export interface SpendEntry {
  customerId: string;
  period: string;
  currency: string;
  /** Exact decimal, unrounded. */
  amount: string;
  ratingSeq: number;
  updatedAtMs: number;
}

/** Live spend (Redis): the hot copy of SpendTotal for dashboards and the API. */
export interface SpendStore {
  write(entries: readonly SpendEntry[]): Promise<void>;
  read(customerId: string, period: string): Promise<SpendEntry | null>;
}

export interface AlertSink {
  /** Publishes each alert that was not published before (once per customer, period, threshold); returns those sent now. */
  publishOnce(alerts: readonly CreditAlert[]): Promise<CreditAlert[]>;
}

/** `skipped` (another replica holds the lease) is counted by the kernel's job metrics. */
export type TickOutcome = 'rated' | 'idle' | 'skipped' | 'failed';

export interface RatingMetrics {
  tick(outcome: TickOutcome, seconds: number): void;
  cellsRated(source: 'usage' | 'rerate', count: number): void;
  unpriced(reason: UnpricedReason, gpuMs: bigint): void;
  progress(lagEvents: number, gapSeqs: number, booksRerating: number): void;
  gapsExpired(seqs: number): void;
  alertPublished(threshold: number): void;
}

export interface ReferenceLookup {
  rental(rentalId: string): Rental | undefined;
  customer(customerId: string): Customer | undefined;
  versions(priceBookId: string): readonly PriceBookVersion[];
  priceBooks(): ReadonlyMap<string, readonly PriceBookVersion[]>;
  rentalsOnBook(priceBookId: string): string[];
  customersWithCreditLimit(): Customer[];
}

export type { Clock } from '@hourglass/contracts';

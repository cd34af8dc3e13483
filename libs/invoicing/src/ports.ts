import type Big from 'big.js';
import type { Span } from '@hourglass/time';
import type { BilledReserved, CreditGrant, CustomerTaxProfile, DraftInvoice, EarnedLine, IdempotencyRecord, InvoiceState, InvoiceStatus, TaxRules } from './domain';

export interface BillingRun {
  runId: string;
  period: string;
  status: 'started' | 'completed';
  /**
   * Usage rows with a stream sequence up to this, present when the run read them, are in the run.
   * Rows written later are the next runs' (late usage), even below the watermark: see `ackFloor`
   * in the run's summary.
   */
  usageWatermark: number;
  fencingToken: number;
  startedAtMs: number;
  invoices: number;
  summary: string;
}

export interface IssuedInvoice extends DraftInvoice {
  number: string;
  numberYear: number;
  numberSeq: number;
  issuedAtMs: number;
  runId: string;
}

/** Which usage rows a run sees: up to a stream sequence, and written no later than a moment. */
export interface UsageCutoff {
  watermark: number;
  /**
   * Pinned when the run starts. A row below the watermark written later (an event held back for its
   * rental) is left out, so a resumed run computes exactly what the killed one did; later runs find
   * it as late usage above the ack floor.
   */
  recordedBeforeMs: number | null;
}

export interface BillingRepository {
  runs(period: string): Promise<BillingRun[]>;
  completedRuns(): Promise<BillingRun[]>;
  /** Runs that started and never completed (killed midway), of any period. */
  unfinishedRuns(): Promise<BillingRun[]>;
  recordRun(run: BillingRun): Promise<void>;
  usageWatermark(): Promise<number>;
  /** Union of accepted intervals per rental, from usage up to `watermark` overlapping `window`. */
  coveredPieces(window: Span, cutoff: UsageCutoff, rentalIds?: readonly string[]): Promise<Map<string, Span[]>>;
  /** ClickHouse's own clock: the same clock that stamps usage rows' recorded_at. */
  clickhouseNowMs(): Promise<number>;
  /** Rentals with usage in `window` that arrived after `afterSeq` (late for a closed period). */
  /**
   * Rentals with accepted usage in the window that a closed run did not see: above its ack floor, or
   * (a replayed rejection, below the floor) written after its pinned cut-off `recordedAfterMs`.
   */
  rentalsWithUsageAfter(window: Span, afterSeq: number, upToSeq: number, recordedAfterMs?: number | null): Promise<string[]>;
  billedUsage(excludeRunId: string): Promise<Map<string, bigint>>;
  billedReserved(excludeRunId: string): Promise<Map<string, BilledReserved>>;
  creditGrants(excludeRunId: string): Promise<CreditGrant[]>;
  maxInvoiceSeq(entity: string, year: number, excludeRunId: string): Promise<number>;
  writeInvoices(invoices: readonly IssuedInvoice[], entity: string): Promise<void>;
  writeStatusEvents(
    events: ReadonlyArray<{ invoiceId: string; status: string; atMs: number; reason: string; eventId: string }>,
    dedupToken: string,
  ): Promise<void>;
}

/**
 * Where a billing run's earned shares go: libs/payouts implements it (payouts depends on invoicing,
 * never the reverse). Called with every line of the run's invoices, the same on a resumed run, so
 * what it writes must be deduplicated by `runId`. Answers how many statements the period has.
 */
export interface OperatorEarnings {
  record(period: string, runId: string, issuedAtMs: number, lines: readonly EarnedLine[]): Promise<number>;
}

export interface StatusEvent {
  invoiceId: string;
  status: InvoiceStatus;
  atMs: number;
  reason: string;
  /** Deterministic (`<invoiceId>:<status>`): statuses move forward once, so a retry writes the same row. */
  eventId: string;
}

export interface CreditNote {
  creditNoteId: string;
  number: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: Big;
  /** Tax credited with the note (README "Tax"); `amount` stays net. 0 or absent without tax. */
  taxAmount?: Big;
  reason: string;
  voidsInvoice: boolean;
  issuedAtMs: number;
}

export interface CreditGrantRecord {
  grantId: string;
  customerId: string;
  currency: string;
  amount: Big;
  priority: number;
  expiresAtMs: number | null;
  grantedAtMs: number;
  description: string;
}

export interface CreditBalance {
  grantId: string;
  currency: string;
  amount: Big;
  /** Drawn by invoices so far (credit lines). */
  applied: Big;
  priority: number;
  expiresAtMs: number | null;
}

/** The facts of an invoice after it was issued: status events, credit notes, and prepaid grants. */
export interface InvoiceLifecycleRepository {
  /** By invoice id or number; null when there is none. */
  invoiceState(idOrNumber: string): Promise<InvoiceState | null>;
  appendStatus(event: StatusEvent): Promise<void>;
  creditNote(creditNoteId: string): Promise<CreditNote | null>;
  /** The highest sequence among credit-note numbers starting with `prefix`; 0 when there is none. */
  maxCreditNoteSeq(prefix: string): Promise<number>;
  appendCreditNote(note: CreditNote): Promise<void>;
  creditGrant(grantId: string): Promise<CreditGrantRecord | null>;
  appendCreditGrant(grant: CreditGrantRecord): Promise<void>;
  /** The customer's grants in the order invoices draw them (priority, then grant time). */
  creditBalances(customerId: string): Promise<CreditBalance[]>;
}

/** Durable record of Idempotency-Keys: the newest record of a key wins (completed over pending). */
export interface IdempotencyStore {
  find(key: string): Promise<IdempotencyRecord | null>;
  save(record: IdempotencyRecord): Promise<void>;
}

/**
 * The billing lock is the kernel's fenced lease `billing` (`lock:billing` in Redis): billing runs
 * (through a LeaseRunner, `@hourglass/contracts`) and invoice lifecycle writes that number documents
 * hold it, and check its token before they write.
 */

export interface IngestProgress {
  /** Messages in USAGE not yet delivered to metering. */
  undelivered(): Promise<number>;
  /**
   * The stream sequence up to which metering has acked every USAGE message, and so written its
   * outcome row (it acks only after the write); null when it cannot be told. Above it, a message may
   * still be in a batch being written or waiting for its rental, and land later under a sequence
   * below rows that are already there.
   */
  ackFloor(): Promise<number | null>;
}

/** What customers' reference documents say about tax (country, VAT number, business, exemption). */
export interface CustomerTaxProfiles {
  profiles(customerIds: readonly string[]): Promise<Map<string, CustomerTaxProfile>>;
}

/** Tax for billing runs: the rules file and where customers' tax profiles come from. */
export interface TaxSetup {
  rules: TaxRules;
  profiles: CustomerTaxProfiles;
}

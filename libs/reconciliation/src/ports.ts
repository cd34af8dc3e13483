import type { BankLine, ParsedBankStatement } from './domain/bank-statements';
import type { SentPayoutItem } from './domain/payout-matching';
import type { PspBalanceRow } from './domain/psp-balances';
import type { MeteredRatedDiff, InvoicedDiff, SharesDiff, TrialBalanceRow } from './domain/accuracy';
import type { Break, BreakEvent, BreakStatus, BreakType } from './domain/breaks';
import type { InvoicePayments, Match, PaymentItem, PayoutTotal, PeriodWindow, SettlementItem } from './domain/matching-engine';
import type { FeeSchedule } from './domain/rules';
import type { ParsedReport } from './domain/settlement-reports';

/** A break as stored, with its current status. */
export interface StoredBreak extends Break {
  status: BreakStatus;
  statusAtMs: number;
  actor: string;
  assignee: string;
  reason: string;
}

export interface BreakFilter {
  status?: BreakStatus;
  type?: BreakType;
  period?: string;
  currency?: string;
  provider?: string;
  /** Breaks after this id, in id order (a page's cursor). */
  afterId?: string;
  limit: number;
}

/** Open breaks per type, age bucket and currency, for the metrics (computed in ClickHouse). */
export interface OpenBreakAggregate {
  type: string;
  ageBucket: string;
  currency: string;
  count: number;
  amount: string;
}

/**
 * The exact rule's one-to-one pairs, taken in the database: one charge line and one capture per
 * reference, same currency and amount, within the lag, the fee as contracted. The store records them
 * as matches of `ruleId` and leaves them out of what the engine reads.
 */
export interface CleanPairs {
  ruleId: string;
  maxLagMs: number;
  schedules: readonly FeeSchedule[];
  lineFromMs: number;
  lineToMs: number;
  payFromMs: number;
  payToMs: number;
}

/** The clean pairs one run recorded, to leave out of what the engine reads. */
export interface CleanRun {
  period: string;
  ruleId: string;
  atMs: number;
}

/** Everything reconciliation reads and writes; adapters map and store, they decide nothing. */
export interface ReconStore {
  /** Appends the lines (same ids on a second import) and records the import once. */
  importReport(report: ParsedReport, fileName: string, atMs: number): Promise<{ alreadyImported: boolean }>;
  /** Records the clean pairs as matches (idempotent: the same ids); returns how many. */
  recordCleanPairs(clean: CleanPairs, period: string, atMs: number): Promise<number>;
  /** Lines booked in the span, without those of the run's clean pairs when given. */
  settlementItems(fromMs: number, toMs: number, clean: CleanRun | null): Promise<SettlementItem[]>;
  capturedPayments(fromMs: number, toMs: number, clean: CleanRun | null): Promise<PaymentItem[]>;
  payoutTotals(period: PeriodWindow, schedules: readonly FeeSchedule[]): Promise<PayoutTotal[]>;
  /** Invoices with two or more payments (captured or recorded), one of them in the span. */
  invoicePayments(fromMs: number, toMs: number): Promise<InvoicePayments[]>;
  meteredRatedDiffs(period: PeriodWindow): Promise<MeteredRatedDiff[]>;
  /** Empty when the period has no invoices yet (not billed). */
  invoicedDiffs(period: PeriodWindow): Promise<InvoicedDiff[]>;
  sharesDiffs(period: PeriodWindow): Promise<SharesDiff[]>;
  trialBalance(): Promise<TrialBalanceRow[]>;
  writeMatches(period: string, matches: readonly Match[], atMs: number): Promise<void>;
  writeBreaks(breaks: readonly Break[]): Promise<void>;
  /** Current status of every break of the period. */
  breakStatuses(period: string): Promise<Map<string, BreakStatus>>;
  appendEvents(events: readonly BreakEvent[]): Promise<void>;
  listBreaks(filter: BreakFilter): Promise<StoredBreak[]>;
  breakById(breakId: string): Promise<StoredBreak | null>;
  eventById(breakId: string, eventId: string): Promise<BreakEvent | null>;
  openBreakAggregates(nowMs: number): Promise<OpenBreakAggregate[]>;
  /** Ages in seconds of every open (or assigned) break, bucketed by `le` bounds (cumulative counts) with sum and count. */
  openBreakAgeHistogram(nowMs: number, bounds: readonly number[]): Promise<{ buckets: number[]; sum: number; count: number }>;
  /** Σ |delta GPU-ms| of open accuracy breaks, per stage. */
  accuracyDeltas(): Promise<Array<{ stage: string; gpuMs: number }>>;
}

/** The payout ↔ bank and ledger ↔ PSP reads and the bank statement import. Adapters map and store. */
export interface PayoutReconStore {
  /** Appends the entries (same ids on a second import) and records the import once. */
  importBankStatement(statement: ParsedBankStatement, fileName: string, atMs: number): Promise<{ alreadyImported: boolean }>;
  /** Sent items of batches created in [fromMs, toMs), with their current status. */
  sentPayoutItems(fromMs: number, toMs: number): Promise<SentPayoutItem[]>;
  /** Bank entries booked in [fromMs, toMs). */
  bankLines(fromMs: number, toMs: number): Promise<BankLine[]>;
  /** Ledger and report balances per provider and currency, before the cut-off. */
  pspBalances(cutoffMs: number): Promise<PspBalanceRow[]>;
}

import type { MeteredRatedDiff, InvoicedDiff, SharesDiff, TrialBalanceRow } from './domain/accuracy';
import type { Break, BreakEvent, BreakStatus, BreakType } from './domain/breaks';
import type { InvoicePayments, Match, PaymentItem, PeriodWindow, SettlementItem } from './domain/matching-engine';
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

/** Everything reconciliation reads and writes; adapters map and store, they decide nothing. */
export interface ReconStore {
  /** Appends the lines (same ids on a second import) and records the import once. */
  importReport(report: ParsedReport, fileName: string, atMs: number): Promise<{ alreadyImported: boolean }>;
  settlementItems(fromMs: number, toMs: number): Promise<SettlementItem[]>;
  capturedPayments(fromMs: number, toMs: number): Promise<PaymentItem[]>;
  /** Invoices with a payment in the span whose payments exceed what they owe, or that are settled. */
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

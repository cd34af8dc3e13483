import type Big from 'big.js';
import type { CaseFacts, CustomerSuspension, DunningCandidate, DunningCase, DunningFact, DunningState, SuspensionFact } from './domain';

export type { Clock, FenceCheck, Outbox } from '@hourglass/contracts';

/**
 * The retry schedule (Redis): one case per invoice, and the due set ordered by nextAttemptAt. Only the
 * holder of the `dunning` lease writes it; readers see whole cases.
 */
export interface DunningScheduleStore {
  /** Adds the case unless the invoice has one; false when it had. */
  add(c: DunningCase): Promise<boolean>;
  get(invoiceId: string): Promise<DunningCase | null>;
  /** Replaces the case and puts it in (or takes it out of) the due set by its nextAttemptAtMs. */
  put(c: DunningCase): Promise<void>;
  remove(invoiceId: string): Promise<void>;
  /** Invoices whose next retry is due at or before nowMs, earliest first, at most `limit`. */
  due(nowMs: number, limit: number): Promise<string[]>;
  /** Every open case, at most `limit`. */
  cases(limit: number): Promise<DunningCase[]>;
}

export interface InvoiceBalance {
  amountDue: Big;
  status: string;
}

export interface DunningQueueRow {
  invoiceId: string;
  customerId: string;
  segment: string;
  currency: string;
  amountDue: Big;
  attempt: number;
  attemptsMax: number;
  nextAttemptAtMs: number | null;
  state: DunningState;
  failedAtMs: number;
  graceEndsAtMs: number;
  updatedAtMs: number;
}

export interface DunningMetricsSnapshot {
  /** Per currency: failed (Σ amount at start of every case) and recovered (Σ of the recovered cases). */
  amounts: Array<{ currency: string; failed: Big; recovered: Big }>;
  /** Seconds from the failed payment to the recovery, per recovered case. */
  recoverySeconds: number[];
  casesByState: Array<{ state: DunningState; cases: number }>;
  /** Customers whose latest suspension fact is `suspend`. */
  suspendedCustomers: number;
}

/** Dunning's facts (ClickHouse) and the payments and invoicing tables it reads by SQL. */
export interface DunningFactStore {
  /** Finalized invoices still owed after a failed payment, that have no dunning case yet. */
  candidates(limit: number): Promise<DunningCandidate[]>;
  balances(invoiceIds: readonly string[]): Promise<Map<string, InvoiceBalance>>;
  write(facts: readonly DunningFact[]): Promise<void>;
  /** Cases whose latest state is open (scheduled, exhausted), from facts, not the schedule; at most `limit`. */
  openCases(limit: number): Promise<CaseFacts[]>;
  suspensions(): Promise<CustomerSuspension[]>;
  writeSuspensions(facts: readonly SuspensionFact[]): Promise<void>;
  queue(filter: { states: readonly DunningState[]; customerId?: string; afterInvoiceId?: string; limit: number }): Promise<DunningQueueRow[]>;
  metrics(): Promise<DunningMetricsSnapshot>;
}

/** A retry through the customer's processor (payments' collect); null when nothing is due any more. */
export interface PaymentCollector {
  collect(invoiceId: string, idempotencyKey: string): Promise<{ status: string; paymentRef: string } | null>;
}

export interface DunningLogger {
  warn(message: string): void;
}

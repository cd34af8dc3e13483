import type { OutboxMessage } from '@hourglass/contracts';
import type Big from 'big.js';
import type { Operator } from './operators/operator';
import type { KycFact } from './kyc/kyc';
import type { InvoiceShare, ReserveTranche } from './eligibility/eligibility';
import type { PayoutBatch, PayoutStatus, StatusUpdate } from './batches/payout-batch';
import type { PayoutStatement } from './domain/payout-statements';

/** An earned statement as CONTRACTS §4 prints it (`hourglass payouts --json`): decimal strings in minor units. */
export interface PayoutStatementView {
  statementId: string;
  operatorId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  gross: string;
  platformFee: string;
  net: string;
  lines: PayoutStatementLineView[];
}

export interface PayoutStatementLineView {
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  lineId: string;
  kind: string;
  rentalId: string;
  priceBookVersion: number;
  servicePeriod: string;
  quantityGpuHours: string;
  amount: string;
  operatorShare: string;
  platformFee: string;
}

export interface PayoutStatementRepository {
  /** Appends a run's statements; the same run written again (a resumed run) keeps one copy. */
  write(statements: readonly PayoutStatement[], runId: string, issuedAtMs: number): Promise<void>;
  /** A period's statements by operator and currency, each with the invoice lines it sums. */
  statements(filter: { period: string; operatorId?: string }): Promise<PayoutStatementView[]>;
}

// ---- Operators, KYC, payout batches (CONTRACTS §7) ----


/** Operator versions, appended; the newest `updatedAt` of each operator is current. */
export interface OperatorRepository {
  append(operators: readonly Operator[], receivedAtMs: number, announcements: readonly OutboxMessage[]): Promise<void>;
  loadCurrent(): Promise<Operator[]>;
}

export interface KycRepository {
  append(facts: readonly KycFact[], recordedAtMs: number): Promise<void>;
  facts(filter: { kind?: string; partyId?: string }): Promise<KycFact[]>;
}

/** A money fact of payouts, which the ledger posts through its payouts feeds. */
export interface PayoutMoneyFact {
  kind: 'reserve_held' | 'reserve_released' | 'payout_paid' | 'payout_returned' | 'clawback';
  /** The payout, reserve or clawback id; the fact's own id is `<kind>:<refId>`. */
  refId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  batchId: string;
  bankAccountId: string;
  base: Big;
  releaseAtMs: number | null;
  reason: string;
  occurredAtMs: number;
}

export interface StatusChange {
  batchId: string;
  operatorId: string;
  currency: string;
  status: StatusUpdate;
  reason: string;
  actor: string;
  atMs: number;
}

/** Payouts' own tables. Adapters map and store; they decide nothing. */
export interface PayoutStore {
  /** The batch with every item's current status, or null. */
  batch(batchId: string): Promise<PayoutBatch | null>;
  batches(): Promise<Array<{ batchId: string; runKey: string; basis: string; createdAtMs: number; items: number }>>;
  /**
   * Stores a new batch: money facts first, then items, then the header. A run killed in between
   * leaves no header, so the rerun plans again and writes the same deterministic ids, which fold.
   */
  createBatch(batch: PayoutBatch, facts: readonly PayoutMoneyFact[]): Promise<void>;
  /** A status change and its money fact (paid, returned) and event, in that order. */
  recordStatus(change: StatusChange, fact: PayoutMoneyFact | null, events: readonly OutboxMessage[]): Promise<void>;
  appendFacts(facts: readonly PayoutMoneyFact[], recordedAtMs: number): Promise<void>;
  /** Every reserve tranche with whether it was released. */
  tranches(): Promise<Array<ReserveTranche & { operatorId: string; currency: string }>>;
  /** Σ clawbacks recorded in payouts, per operator and currency. */
  clawbacks(): Promise<Array<{ operatorId: string; currency: string; amount: Big }>>;
  /** Σ amounts of items whose current status counts as paid (scheduled, paid). */
  paidOrInFlight(): Promise<Array<{ operatorId: string; currency: string; amount: Big }>>;
  /** Σ amounts by operator, currency and current status, for the balance check. */
  itemTotals(): Promise<Array<{ operatorId: string; currency: string; status: PayoutStatus; amount: Big }>>;
}

/** What the operators earned and what customers paid, read from invoicing, payments and the ledger. */
export interface EarningsSource {
  /** Each operator's share per invoice of every non-draft invoice up to `period`, with its payments. */
  shares(uptoPeriod: string): Promise<InvoiceShare[]>;
  /** Lost disputes borne by operators, as the ledger posted them (`dispute-lost:*`). */
  disputeClawbacks(): Promise<Array<{ operatorId: string; currency: string; amount: Big }>>;
  /** Invoiced spend per customer and currency in a period (for the KYC spend threshold). */
  customerSpend(period: string): Promise<Array<{ customerId: string; currency: string; amount: Big }>>;
  /** The latest version of each rental named (for the statement drill-down). */
  rentals(rentalIds: readonly string[]): Promise<RentalFacts[]>;
}

/** A rental as the drill-down shows it: where its GPU-hours ran. */
export interface RentalFacts {
  rentalId: string;
  customerId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
}

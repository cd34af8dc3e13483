import type Big from 'big.js';
import type { DisputeEvent } from './domain/lifecycle';
import type { EvidenceCustomer, EvidenceInvoice, EvidencePayment, RentalTerms, UsageDay } from './domain/evidence';
import type { DisputeLoss, DisputeLossReversal, LossLine } from './domain/loss';
import type { MonthActivity } from './domain/chargeback-rate';

/** A filter on payments' `dispute_facts`; every field narrows. */
export interface DisputeEventFilter {
  disputeId?: string;
  customerId?: string;
  invoiceId?: string;
}

/** Payments' dispute facts (read-only), the source of every lifecycle. */
export interface DisputeEvents {
  /** At most `limit` disputes' events (whole disputes, never part of one). */
  events(filter: DisputeEventFilter, limit: number): Promise<DisputeEvent[]>;
}

/** Our own data an evidence pack is built from; read-only. */
export interface EvidenceSources {
  customer(customerId: string): Promise<EvidenceCustomer | null>;
  invoice(invoiceId: string): Promise<EvidenceInvoice | null>;
  lossLines(invoiceId: string): Promise<LossLine[]>;
  rentals(rentalIds: readonly string[]): Promise<RentalTerms[]>;
  /** Covered time, utilisation and energy per rental and UTC day in `[fromMs, toMs)`. */
  usage(rentalIds: readonly string[], fromMs: number, toMs: number): Promise<UsageDay[]>;
  payments(invoiceId: string): Promise<EvidencePayment[]>;
}

export interface EvidenceSubmission {
  disputeId: string;
  idempotencyKey: string;
  provider: string;
  /** true: submitted for review; false: staged at the processor only. */
  submitted: boolean;
  /** What the processor answered (Stripe: the dispute status; Adyen: `submitted`). */
  status: string;
  /** SHA-256 of the evidence pack sent (JSON), for audit: which version of our data the processor got. */
  contentSha256: string;
  submittedAtMs: number;
}

/**
 * Evidence submissions (`dispute_evidence_submissions`), lost-dispute facts (`dispute_loss_facts`) and
 * their reversals (`dispute_loss_reversals`).
 */
export interface DisputeRecords {
  submission(disputeId: string, idempotencyKey: string): Promise<EvidenceSubmission | null>;
  /** The first time evidence was submitted for review, per dispute (staged evidence does not count). */
  firstSubmissions(disputeIds: readonly string[]): Promise<Map<string, number>>;
  recordSubmission(s: EvidenceSubmission): Promise<void>;
  /** The loss facts of these disputes that have one: the amount lost, by dispute. */
  lossesRecorded(disputeIds: readonly string[]): Promise<Map<string, Big>>;
  recordLoss(loss: DisputeLoss, recordedAtMs: number): Promise<void>;
  /** Which of these disputes already have their loss reversed. */
  lossReversalsRecorded(disputeIds: readonly string[]): Promise<Set<string>>;
  recordLossReversal(reversal: DisputeLossReversal, recordedAtMs: number): Promise<void>;
  /** Which of these disputes were announced (`dispute.opened:<id>` is in the outbox). */
  announced(disputeIds: readonly string[]): Promise<Set<string>>;
  /** Payments captured and disputes opened per month, processor and currency, since `fromMs`. */
  monthActivity(fromMs: number): Promise<MonthActivity[]>;
}

export interface DisputeGauges {
  responseDue(counts: Readonly<Record<'overdue' | 'due_24h' | 'due_72h', number>>): void;
  open(counts: ReadonlyMap<string, number>): void;
  chargebackRates(rates: ReadonlyArray<{ basis: string; provider: string; month: string; currency: string; rate: number }>): void;
}

export type { Big };

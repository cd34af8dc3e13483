import type Big from 'big.js';
import type { AccountTotals } from './domain/balances';
import type { CreditApplied, CreditNoteIssued, CustomerCreditMoved, InvoiceFinalized, InvoiceVoided } from './domain/templates';
import type { LedgerTransaction } from './domain/transaction';

/** Which accounts a balance query covers: one account, or a family (`receivable` = every `receivable:*`). */
export interface AccountFilter {
  account?: string;
  currency?: string;
}

export interface EntryQuery extends AccountFilter {
  txnId?: string;
  /** Entries strictly after this position, as the previous page's `nextCursor` named it. */
  after?: EntryPosition;
  limit: number;
}

export interface EntryPosition {
  occurredAtMs: number;
  txnId: string;
  postingNo: number;
}

export interface LedgerEntry {
  txnId: string;
  postingNo: number;
  account: string;
  accountClass: string;
  currency: string;
  debit: Big;
  credit: Big;
  causedBy: string;
  occurredAtMs: number;
  recordedAtMs: number;
}

/** The append-only store of postings. Adapters map and store; they decide nothing. */
export interface LedgerStore {
  /**
   * Appends whole transactions (a transaction is never split across inserts, so a reader never sees
   * half of one). Appending a transaction that is already stored leaves one copy to every reader.
   */
  append(transactions: readonly LedgerTransaction[], recordedAtMs: number): Promise<void>;
  trialBalance(): Promise<Array<{ currency: string; debits: Big; credits: Big }>>;
  accountTotals(filter: AccountFilter): Promise<AccountTotals[]>;
  entries(query: EntryQuery): Promise<LedgerEntry[]>;
}

/**
 * One kind of fact the ledger posts: the facts not posted yet, already turned into transactions by
 * their template, in transaction-id order, each page strictly after `afterTxnId`. "Not posted yet" is
 * read from the ledger itself (no transaction with that id), so the ledger's contents are the posting
 * job's position. A module whose facts the ledger should post adds feeds; it never appends itself.
 */
export interface FactFeed {
  /** Names the kind in sync results and metrics, e.g. `invoice_finalized`. */
  readonly kind: string;
  pending(afterTxnId: string, limit: number): Promise<LedgerTransaction[]>;
}

/** Invoicing's facts not posted yet, as the templates take them (paged as FactFeed says). */
export interface InvoicingFacts {
  finalizedInvoices(afterTxnId: string, limit: number): Promise<InvoiceFinalized[]>;
  creditsApplied(afterTxnId: string, limit: number): Promise<CreditApplied[]>;
  creditNotes(afterTxnId: string, limit: number): Promise<CreditNoteIssued[]>;
  /** Voids that left part of the invoice without a credit note. */
  voids(afterTxnId: string, limit: number): Promise<InvoiceVoided[]>;
}

/** A captured (PSP) or recorded (bank transfer) payment, as `payment_facts_resolved` has it. */
export interface PaymentReceivedFact {
  factId: string;
  kind: 'captured' | 'recorded';
  provider: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  /** Major units. */
  amount: Big;
  occurredAtMs: number;
}

/** A `refunded` fact: its amount is cumulative per `cumulativeKey` (a Stripe charge's refunds). */
export interface RefundFact {
  factId: string;
  provider: string;
  customerId: string;
  currency: string;
  cumulativeKey: string;
  /** The cumulative refunded amount of the key as of this fact. */
  cumulativeAmount: Big;
  /** The largest cumulative amount of the key already posted (0 when none). */
  postedBefore: Big;
  occurredAtMs: number;
}

/** A dispute event that moved money: the PSP withdrew or reinstated the disputed funds. */
export interface DisputeFundsFact {
  factId: string;
  disputeId: string;
  provider: string;
  funds: 'withdrawn' | 'reinstated';
  currency: string;
  amount: Big;
  /**
   * The dispute fee of the movement (negative: given back), or 0 when its settlement line was posted
   * first and expensed it already.
   */
  fee: Big;
  occurredAtMs: number;
}

/**
 * Payments' facts not posted yet (paged as FactFeed says, by the transaction id each will get). Facts
 * whose customer is not known yet (no invoice resolved) are left out until it is.
 */
export interface PaymentsFacts {
  paymentsReceived(afterTxnId: string, limit: number): Promise<PaymentReceivedFact[]>;
  refunds(afterTxnId: string, limit: number): Promise<RefundFact[]>;
  creditMoves(afterTxnId: string, limit: number): Promise<CustomerCreditMoved[]>;
  disputeFunds(funds: DisputeFundsFact['funds'], afterTxnId: string, limit: number): Promise<DisputeFundsFact[]>;
}

/** A money fact of payouts (`payout_facts`, migration 12): `refId` names the payout, reserve or clawback. */
export interface PayoutLedgerFact {
  factId: string;
  refId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  bankAccountId: string;
  occurredAtMs: number;
}

export type PayoutFactKind = 'reserve_held' | 'reserve_released' | 'payout_paid' | 'payout_returned' | 'clawback';

/** Payouts' facts not posted yet, of one kind (paged as FactFeed says). */
export interface PayoutsFacts {
  pending(kind: PayoutFactKind, afterTxnId: string, limit: number): Promise<PayoutLedgerFact[]>;
}

/** A lost dispute and who bears it, as the disputes module decided (`dispute_loss_facts`). */
export interface DisputeLossFact {
  disputeId: string;
  provider: string;
  currency: string;
  amount: Big;
  clawbacks: Array<{ operatorId: string; amount: Big }>;
  occurredAtMs: number;
}

/** A loss reversed because the dispute was won later, with the loss fact it reverses. */
export interface DisputeLossReversalFact {
  loss: DisputeLossFact;
  occurredAtMs: number;
}

/** The disputes module's loss facts and their reversals not posted yet (paged as FactFeed says). */
export interface DisputesFacts {
  losses(afterTxnId: string, limit: number): Promise<DisputeLossFact[]>;
  /** Only reversals whose loss is posted: a reversal never posts before what it reverses. */
  lossReversals(afterTxnId: string, limit: number): Promise<DisputeLossReversalFact[]>;
}

/** What a sync did, for operations: a failing or lagging posting job leaves the ledger behind invoicing. */
export interface LedgerMetrics {
  syncFinished(posted: Readonly<Record<string, number>>, complete: boolean, seconds: number): void;
  syncFailed(): void;
}

export interface Clock {
  nowMs(): number;
}

/** A reconciliation break written off against a PSP (recon_breaks, recon_break_events; migration 12). */
export interface BreakWriteOffFact {
  breakId: string;
  eventId: string;
  provider: string;
  currency: string;
  amount: Big;
  direction: 'short' | 'over';
  atMs: number;
}

/** Reconciliation's write-offs not posted yet (paged as FactFeed says). */
export interface ReconciliationFacts {
  writeOffs(afterTxnId: string, limit: number): Promise<BreakWriteOffFact[]>;
  /** Imported settlement lines that moved money (charges, refunds, disputes, fees, adjustments), not posted yet. */
  settledLines(afterTxnId: string, limit: number): Promise<SettledLineFact[]>;
}

export interface SettledLineFact {
  lineId: string;
  provider: string;
  currency: string;
  gross: Big;
  fee: Big;
  net: Big;
  /** The line's fee is a dispute fee already posted with its dispute's funds fact (`dispute_facts.fee_ref`). */
  feePostedWithDispute: boolean;
  atMs: number;
}

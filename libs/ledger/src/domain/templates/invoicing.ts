import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { accounts } from '../accounts';
import { credit, debit, transaction, type LedgerTransaction } from '../transaction';
import { InvalidPostingInputError, requireNonNegative, sum } from './amounts';
import { TXN_PREFIX } from '../txn-ids';

export interface FinalizedLine {
  lineId: string;
  kind: 'usage' | 'reserved' | 'adjustment' | 'credit';
  operatorId: string;
  amount: Big;
  operatorShare: Big;
  platformFee: Big;
}

export interface InvoiceFinalized {
  invoiceId: string;
  customerId: string;
  currency: string;
  /** The status event that finalized it: the fact this transaction is caused by. */
  eventId: string;
  finalizedAtMs: number;
  lines: readonly FinalizedLine[];
  /** The invoice's tax (invoicing's `tax_total`); 0 or absent without tax. Owed to the tax authority. */
  taxTotal?: Big;
}

export const finalizedTxnId = (invoiceId: string) => TXN_PREFIX.invoiceFinalized + invoiceId;

/**
 * The customer owes the charged lines; each operator earns its share and the platform its fee
 * (CONTRACTS §3: share + fee = amount per line, so the transaction balances exactly). Credit lines
 * are left out: each is its own `credit-applied` transaction, so that the receivable after both is
 * the invoice total.
 */
export function invoiceFinalized(input: InvoiceFinalized): LedgerTransaction {
  const txnId = finalizedTxnId(input.invoiceId);
  const charged = input.lines.filter((l) => l.kind !== 'credit');
  const tax = requireNonNegative(txnId, 'taxTotal', input.taxTotal ?? new Dec(0));
  // The customer owes the charged lines and the invoice's tax; shares and fees stay on the net amounts.
  const legs = [debit(accounts.receivable(input.customerId), sum(charged.map((l) => l.amount)).plus(tax)), credit(accounts.taxPayable, tax)];
  for (const line of charged) {
    if (!line.operatorShare.plus(line.platformFee).eq(line.amount)) {
      throw new InvalidPostingInputError(txnId, `line ${line.lineId}: share ${line.operatorShare.toString()} + fee ${line.platformFee.toString()} ≠ amount ${line.amount.toString()}`);
    }
    if (!line.operatorId) throw new InvalidPostingInputError(txnId, `line ${line.lineId} has no operator`);
    legs.push(credit(accounts.operatorPayable(line.operatorId), line.operatorShare), credit(accounts.platformFees, line.platformFee));
  }
  return transaction(txnId, `invoice_status_events:${input.eventId}`, input.finalizedAtMs, input.currency, legs);
}

export interface CreditApplied {
  /** The credit line of the invoice that applied it. */
  lineId: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  /** Positive: how much of the invoice the credit paid. */
  amount: Big;
  /** A prepaid grant is the platform's cost; a credit balance was already owed to the customer. */
  source: { grantId: string } | { customerBalance: true };
  appliedAtMs: number;
}

export const creditAppliedTxnId = (lineId: string) => TXN_PREFIX.creditApplied + lineId;

export function creditApplied(input: CreditApplied): LedgerTransaction {
  const txnId = creditAppliedTxnId(input.lineId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const from = 'grantId' in input.source ? accounts.creditGrantsExpense : accounts.customerCredit(input.customerId);
  return transaction(txnId, `invoice_lines:${input.lineId}`, input.appliedAtMs, input.currency, [
    debit(from, amount),
    credit(accounts.receivable(input.customerId), amount),
  ]);
}

export interface CreditNoteIssued {
  creditNoteId: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: Big;
  /** Tax credited with the note (net `amount` beside it); 0 or absent without tax. */
  taxAmount?: Big;
  /**
   * The part of the credit the customer had already paid: it becomes their credit balance instead of
   * reducing the receivable. 0 until payments post to the ledger.
   */
  paidPortion?: Big;
  issuedAtMs: number;
}

export const creditNoteTxnId = (creditNoteId: string) => TXN_PREFIX.creditNote + creditNoteId;

/**
 * The platform bears a credit note (and a void, which issues one for what was left): operators keep
 * their earned shares, which only an explicit clawback reduces (a later payouts fact).
 */
export function creditNoteIssued(input: CreditNoteIssued): LedgerTransaction {
  const txnId = creditNoteTxnId(input.creditNoteId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const tax = requireNonNegative(txnId, 'taxAmount', input.taxAmount ?? new Dec(0));
  const paid = requireNonNegative(txnId, 'paidPortion', input.paidPortion ?? new Dec(0));
  if (paid.gt(amount.plus(tax))) throw new InvalidPostingInputError(txnId, `paid portion ${paid.toString()} exceeds the credit ${amount.plus(tax).toString()}`);
  return transaction(txnId, `credit_notes:${input.creditNoteId}`, input.issuedAtMs, input.currency, [
    debit(accounts.creditNotesExpense, amount),
    // The tax the note gives back is no longer owed to the authority.
    debit(accounts.taxPayable, tax),
    credit(accounts.receivable(input.customerId), amount.plus(tax).minus(paid)),
    credit(accounts.customerCredit(input.customerId), paid),
  ]);
}

export interface InvoiceVoided {
  invoiceId: string;
  customerId: string;
  currency: string;
  eventId: string;
  voidedAtMs: number;
  /** What the invoice still asked for that no credit note covered. */
  uncredited: Big;
  /** Its tax that no credit note gave back; 0 or absent without tax. */
  taxUncredited?: Big;
}

export const voidedTxnId = (invoiceId: string) => TXN_PREFIX.invoiceVoided + invoiceId;

/**
 * A void writes off what is still owed. Today's lifecycle issues a credit note for the remainder
 * before it records the void, so `uncredited` is 0 and the transaction has no postings (nothing to
 * store); the template keeps a void right if a void ever arrives without that credit note.
 */
export function invoiceVoided(input: InvoiceVoided): LedgerTransaction {
  const txnId = voidedTxnId(input.invoiceId);
  const amount = requireNonNegative(txnId, 'uncredited', input.uncredited);
  const tax = requireNonNegative(txnId, 'taxUncredited', input.taxUncredited ?? new Dec(0));
  return transaction(txnId, `invoice_status_events:${input.eventId}`, input.voidedAtMs, input.currency, [
    debit(accounts.creditNotesExpense, amount),
    debit(accounts.taxPayable, tax),
    credit(accounts.receivable(input.customerId), amount.plus(tax)),
  ]);
}

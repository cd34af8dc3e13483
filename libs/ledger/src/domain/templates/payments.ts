import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { accounts } from '../accounts';
import { credit, debit, transaction, type LedgerTransaction } from '../transaction';
import { InvalidPostingInputError, min, requireNonNegative, type MoneyRoute } from './amounts';
import { TXN_PREFIX } from '../txn-ids';

function routeAccount(route: MoneyRoute): string {
  return 'psp' in route ? accounts.pspClearing(route.psp) : accounts.cash(route.bankAccountId);
}

export interface PaymentCaptured {
  /** The PSP's payment id, or the reference of a payment recorded by hand (idempotent by it). */
  paymentId: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: Big;
  /** What the invoice still asked for before this payment; the excess becomes customer credit. */
  amountDue: Big;
  /** A PSP capture waits in clearing until settlement; a bank transfer lands in cash at once. */
  route: MoneyRoute;
  capturedAtMs: number;
  /** e.g. `psp_events:<eventId>` or `payments:<reference>`. */
  causedBy: string;
}

export const paymentTxnId = (paymentId: string) => TXN_PREFIX.paymentCaptured + paymentId;

export function paymentCaptured(input: PaymentCaptured): LedgerTransaction {
  const txnId = paymentTxnId(input.paymentId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const due = input.amountDue.gt(0) ? input.amountDue : new Dec(0);
  const settles = min(amount, due);
  return transaction(txnId, input.causedBy, input.capturedAtMs, input.currency, [
    debit(routeAccount(input.route), amount),
    credit(accounts.receivable(input.customerId), settles),
    credit(accounts.customerCredit(input.customerId), amount.minus(settles)),
  ]);
}

export interface RefundIssued {
  refundId: string;
  customerId: string;
  currency: string;
  amount: Big;
  route: MoneyRoute;
  /**
   * What the money returned settles: a credit balance (after a credit note on a paid invoice, or an
   * overpayment), or nothing, which reopens the receivable (the invoice is owed again).
   */
  against: 'customer_credit' | 'receivable';
  refundedAtMs: number;
  causedBy: string;
}

export const refundTxnId = (refundId: string) => TXN_PREFIX.refund + refundId;

export function refundIssued(input: RefundIssued): LedgerTransaction {
  const txnId = refundTxnId(input.refundId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const from = input.against === 'customer_credit' ? accounts.customerCredit(input.customerId) : accounts.receivable(input.customerId);
  return transaction(txnId, input.causedBy, input.refundedAtMs, input.currency, [debit(from, amount), credit(routeAccount(input.route), amount)]);
}

export interface PspSettlement {
  /** The PSP's payout or settlement batch id. */
  settlementId: string;
  provider: string;
  bankAccountId: string;
  currency: string;
  /** What the settlement clears from the PSP balance (charges net of refunds in it). */
  gross: Big;
  /** What the PSP kept; net = gross − fee arrives in the bank. */
  fee: Big;
  settledAtMs: number;
  causedBy: string;
}

export const settlementTxnId = (provider: string, settlementId: string) => `${TXN_PREFIX.pspSettlement}${provider}:${settlementId}`;

export function pspSettlement(input: PspSettlement): LedgerTransaction {
  const txnId = settlementTxnId(input.provider, input.settlementId);
  const gross = requireNonNegative(txnId, 'gross', input.gross);
  const fee = requireNonNegative(txnId, 'fee', input.fee);
  if (fee.gt(gross)) throw new InvalidPostingInputError(txnId, `fee ${fee.toString()} exceeds gross ${gross.toString()}`);
  return transaction(txnId, input.causedBy, input.settledAtMs, input.currency, [
    debit(accounts.cash(input.bankAccountId), gross.minus(fee)),
    debit(accounts.pspFees(input.provider), fee),
    credit(accounts.pspClearing(input.provider), gross),
  ]);
}

export interface CustomerCreditMoved {
  /** The payments module's credit fact (`credit:<invoice>:<before>-><after>`). */
  factId: string;
  customerId: string;
  currency: string;
  /** Signed: positive moves an overpayment from the receivable to the credit balance, negative back. */
  amount: Big;
  movedAtMs: number;
  causedBy: string;
}

export const customerCreditMovedTxnId = (factId: string) => TXN_PREFIX.customerCreditMoved + factId;

/**
 * An overpayment (or its undoing) as the payments module settled it: payments post the whole amount
 * against the receivable, and this moves what exceeds the amount owed to the customer's credit balance,
 * so a credit note or refund that changes the overpayment later is followed exactly.
 */
export function customerCreditMoved(input: CustomerCreditMoved): LedgerTransaction {
  const txnId = customerCreditMovedTxnId(input.factId);
  // A negative amount turns both legs around (transaction() flips negative legs).
  return transaction(txnId, input.causedBy, input.movedAtMs, input.currency, [
    debit(accounts.receivable(input.customerId), input.amount),
    credit(accounts.customerCredit(input.customerId), input.amount),
  ]);
}

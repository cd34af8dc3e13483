import type Big from 'big.js';
import { accounts } from '../accounts';
import { credit, debit, transaction, type LedgerTransaction } from '../transaction';
import { requireNonNegative } from './amounts';
import { TXN_PREFIX } from '../txn-ids';

export interface PayoutPaid {
  /** One payout item of a batch: `<batchId>:<operatorId>:<currency>` or the bank's reference. */
  payoutId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  /** The account the transfer left from (the pain.001 debtor). */
  bankAccountId: string;
  paidAtMs: number;
  causedBy: string;
}

export const payoutPaidTxnId = (payoutId: string) => TXN_PREFIX.payoutPaid + payoutId;

export function payoutPaid(input: PayoutPaid): LedgerTransaction {
  const txnId = payoutPaidTxnId(input.payoutId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  return transaction(txnId, input.causedBy, input.paidAtMs, input.currency, [
    debit(accounts.operatorPayable(input.operatorId), amount),
    credit(accounts.cash(input.bankAccountId), amount),
  ]);
}

export interface ReserveMovement {
  reserveId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  atMs: number;
  causedBy: string;
}

export const reserveHeldTxnId = (reserveId: string) => TXN_PREFIX.reserveHeld + reserveId;
export const reserveReleasedTxnId = (reserveId: string) => TXN_PREFIX.reserveReleased + reserveId;

/** Part of what an operator earned is held back: still owed to them, but not payable yet. */
export function reserveHeld(input: ReserveMovement): LedgerTransaction {
  const txnId = reserveHeldTxnId(input.reserveId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.operatorPayable(input.operatorId), amount),
    credit(accounts.payoutReserve(input.operatorId), amount),
  ]);
}

export function reserveReleased(input: ReserveMovement): LedgerTransaction {
  const txnId = reserveReleasedTxnId(input.reserveId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.payoutReserve(input.operatorId), amount),
    credit(accounts.operatorPayable(input.operatorId), amount),
  ]);
}

export interface OperatorClawback {
  clawbackId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  atMs: number;
  causedBy: string;
}

export const operatorClawbackTxnId = (clawbackId: string) => TXN_PREFIX.operatorClawback + clawbackId;

/**
 * An operator bears its share of a refund: its payable shrinks and the platform's credit-note
 * expense with it (the platform bore the refund until now). A lost dispute's clawback is not this:
 * it is part of the `dispute-lost` transaction.
 */
export function operatorClawback(input: OperatorClawback): LedgerTransaction {
  const txnId = operatorClawbackTxnId(input.clawbackId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.operatorPayable(input.operatorId), amount),
    credit(accounts.creditNotesExpense, amount),
  ]);
}

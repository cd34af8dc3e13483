import type Big from 'big.js';
import { accounts } from '../accounts';
import { credit, debit, transaction, type LedgerTransaction } from '../transaction';
import { InvalidPostingInputError, requireNonNegative } from './amounts';
import { TXN_PREFIX } from '../txn-ids';

/** A reconciliation break written off (libs/reconciliation): a difference with a PSP accepted as final. */
export interface BreakWrittenOff {
  breakId: string;
  provider: string;
  currency: string;
  /** The break's size, ≥ 0. */
  amount: Big;
  /** `short`: money we counted on is not at the PSP (a loss); `over`: the PSP holds more than we counted (a gain). */
  direction: 'short' | 'over';
  atMs: number;
  causedBy: string;
}

export const breakWrittenOffTxnId = (breakId: string) => TXN_PREFIX.breakWrittenOff + breakId;

/**
 * short: debit `reconciliation_differences`, credit `psp_clearing:<provider>`;
 * over: debit `psp_clearing:<provider>`, credit `reconciliation_differences`.
 */
export function breakWrittenOff(input: BreakWrittenOff): LedgerTransaction {
  const txnId = breakWrittenOffTxnId(input.breakId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const clearing = accounts.pspClearing(input.provider);
  return transaction(
    txnId,
    input.causedBy,
    input.atMs,
    input.currency,
    input.direction === 'short'
      ? [debit(accounts.reconciliationDifferences, amount), credit(clearing, amount)]
      : [debit(clearing, amount), credit(accounts.reconciliationDifferences, amount)],
  );
}

/** A line of a PSP's settlement report (libs/reconciliation's import): money the PSP moved to our bank. */
export interface PspLineSettled {
  lineId: string;
  provider: string;
  currency: string;
  /** Signed as the report signs it: a charge positive, a refund or a dispute negative. */
  gross: Big;
  /** What the processor kept (negative: gave back). */
  fee: Big;
  /** gross − fee: what reached, or left, the bank account. */
  net: Big;
  /**
   * The fee was expensed already, with the dispute whose balance movement this line is (a Stripe
   * dispute fee posted from its webhook): it leaves `psp_clearing`, where that posting took it from,
   * instead of being expensed twice.
   */
  feePostedWithDispute?: boolean;
  atMs: number;
  causedBy: string;
}

export const pspSettledTxnId = (lineId: string) => TXN_PREFIX.pspSettled + lineId;

/** The bank account a processor pays out to, as the ledger names it: `cash:<provider>-payouts`. */
export const settlementBankAccount = (provider: string) => `${provider}-payouts`;

/**
 * Settlement: what a capture (or a refund) left in `psp_clearing:<provider>` moves to the bank, less
 * the processor's fee: debit `cash:<provider>-payouts` net and `psp_fees:<provider>` fee, credit
 * `psp_clearing:<provider>` gross. Negative amounts (refunds, disputes) post to the other sides.
 */
export function pspLineSettled(input: PspLineSettled): LedgerTransaction {
  const txnId = pspSettledTxnId(input.lineId);
  if (!input.net.eq(input.gross.minus(input.fee))) {
    throw new InvalidPostingInputError(txnId, `net ${input.net.toString()} is not gross ${input.gross.toString()} less fee ${input.fee.toString()}`);
  }
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.cash(settlementBankAccount(input.provider)), input.net),
    debit(input.feePostedWithDispute ? accounts.pspClearing(input.provider) : accounts.pspFees(input.provider), input.fee),
    credit(accounts.pspClearing(input.provider), input.gross),
  ]);
}

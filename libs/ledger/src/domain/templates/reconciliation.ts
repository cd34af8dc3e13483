import type Big from 'big.js';
import { accounts } from '../accounts';
import { credit, debit, transaction, type LedgerTransaction } from '../transaction';
import { requireNonNegative } from './amounts';
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

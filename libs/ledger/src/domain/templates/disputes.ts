import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { accounts } from '../accounts';
import { credit, debit, reverse, transaction, type LedgerTransaction } from '../transaction';
import { InvalidPostingInputError, requireNonNegative, sum } from './amounts';
import { TXN_PREFIX } from '../txn-ids';

interface DisputeFact {
  disputeId: string;
  provider: string;
  currency: string;
  /** The disputed amount the PSP withdrew (or reinstated). */
  amount: Big;
  atMs: number;
  causedBy: string;
}

export interface DisputeOpened extends DisputeFact {
  /** A dispute fee the PSP charged (Stripe's, for example); 0 when none. */
  fee?: Big;
}

export const disputeOpenedTxnId = (disputeId: string) => TXN_PREFIX.disputeOpened + disputeId;
export const disputeWonTxnId = (disputeId: string) => TXN_PREFIX.disputeWon + disputeId;
export const disputeLostTxnId = (disputeId: string) => TXN_PREFIX.disputeLost + disputeId;

/** Post when the PSP withdraws the funds: they leave clearing and wait in `disputed_funds`. */
export function disputeOpened(input: DisputeOpened): LedgerTransaction {
  const txnId = disputeOpenedTxnId(input.disputeId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const fee = requireNonNegative(txnId, 'fee', input.fee ?? new Dec(0));
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.disputedFunds(input.provider), amount),
    debit(accounts.pspFees(input.provider), fee),
    credit(accounts.pspClearing(input.provider), amount.plus(fee)),
  ]);
}

export interface DisputeWon extends DisputeFact {
  /**
   * The dispute fee the PSP kept on the reinstatement, signed: negative when it gives the opening's fee
   * back (Stripe's reinstatement balance transaction states it), 0 or absent when it keeps it.
   */
  fee?: Big;
}

/** The PSP reinstates the funds (and, when it says so, gives the dispute fee back). */
export function disputeWon(input: DisputeWon): LedgerTransaction {
  const txnId = disputeWonTxnId(input.disputeId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const fee = input.fee ?? new Dec(0);
  // Signed legs: a negative fee turns into a credit of psp_fees (transaction() flips it).
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    debit(accounts.pspClearing(input.provider), amount.minus(fee)),
    debit(accounts.pspFees(input.provider), fee),
    credit(accounts.disputedFunds(input.provider), amount),
  ]);
}

export interface DisputeLost extends DisputeFact {
  /**
   * Operators who bear part of the loss by clawback (their payable is reduced); the rest is the
   * platform's `dispute_losses`. Empty: the platform bears it all.
   */
  clawbacks?: ReadonlyArray<{ operatorId: string; amount: Big }>;
}

/** The withdrawn funds are gone for good; who bears them is the one decision in this template. */
export function disputeLost(input: DisputeLost): LedgerTransaction {
  const txnId = disputeLostTxnId(input.disputeId);
  const amount = requireNonNegative(txnId, 'amount', input.amount);
  const clawbacks = input.clawbacks ?? [];
  for (const c of clawbacks) requireNonNegative(txnId, `clawback from ${c.operatorId}`, c.amount);
  const clawed = sum(clawbacks.map((c) => c.amount));
  if (clawed.gt(amount)) throw new InvalidPostingInputError(txnId, `clawbacks ${clawed.toString()} exceed the disputed ${amount.toString()}`);
  return transaction(txnId, input.causedBy, input.atMs, input.currency, [
    ...clawbacks.map((c) => debit(accounts.operatorPayable(c.operatorId), c.amount)),
    debit(accounts.disputeLosses, amount.minus(clawed)),
    credit(accounts.disputedFunds(input.provider), amount),
  ]);
}

/** A lost dispute that the processor later reported won. */
export interface DisputeLossReversed {
  /** The loss as it was posted: its transaction is rebuilt from the same fact, so the two match exactly. */
  loss: DisputeLost;
  atMs: number;
  causedBy: string;
}

/**
 * `reversal-of:dispute-lost:<disputeId>`: the loss's postings on the other side. The clawed-back
 * operators are owed their share again and `dispute_losses` gives back the platform's part; the funds
 * themselves return by payments' `reinstated` fact (*dispute won*), which credits `disputed_funds` as
 * this debits it back.
 */
export function disputeLossReversed(input: DisputeLossReversed): LedgerTransaction {
  return reverse(disputeLost(input.loss), input.causedBy, input.atMs);
}

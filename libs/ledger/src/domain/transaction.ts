import type Big from 'big.js';
import { Dec, assertRoundedToMinor } from '@hourglass/money';
import { accountKind } from './accounts';
import { TXN_PREFIX } from './txn-ids';
import { DomainError } from '@hourglass/contracts';

export type Side = 'debit' | 'credit';

/** One leg of a transaction. `amount` is positive and rounded to the currency's minor units. */
export interface Posting {
  readonly account: string;
  readonly currency: string;
  readonly side: Side;
  readonly amount: Big;
}

/**
 * A balanced set of postings, appended once and never changed. `txnId` is derived from the fact that
 * caused it (`inv-finalized:<invoiceId>`), so posting the same fact twice yields the same id and the
 * store keeps one copy; a correction is a new transaction (`reversal-of:<txnId>`).
 */
export interface LedgerTransaction {
  readonly txnId: string;
  /** The fact that caused it, `<table or event>:<id>`, for an auditor to follow back. */
  readonly causedBy: string;
  /** When the business event happened (not when the ledger recorded it). */
  readonly occurredAtMs: number;
  readonly postings: readonly Posting[];
}

/** A template built a transaction that does not balance: a programmer error, never stored. */
export class UnbalancedTransactionError extends DomainError {
  constructor(txnId: string, detail: string) {
    super('unbalanced_transaction', `transaction ${txnId} does not balance: ${detail}`, { txnId });
  }
}

/** A leg as a template states it: a signed amount on a side; negative amounts flip to the other side. */
export interface Leg {
  account: string;
  side: Side;
  amount: Big;
}

export const debit = (account: string, amount: Big): Leg => ({ account, side: 'debit', amount });
export const credit = (account: string, amount: Big): Leg => ({ account, side: 'credit', amount });

const other = (side: Side): Side => (side === 'debit' ? 'credit' : 'debit');

/**
 * Builds a transaction in one currency from its legs: zero legs are dropped, negative ones flipped,
 * and legs of the same account and side merged, so postings are few and positive. Asserts what every
 * transaction must be: accounts of the chart, amounts in minor units, debits equal to credits.
 */
export function transaction(txnId: string, causedBy: string, occurredAtMs: number, currency: string, legs: readonly Leg[]): LedgerTransaction {
  if (!txnId) throw new UnbalancedTransactionError(txnId, 'it has no id');
  const merged = new Map<string, Posting>();
  for (const leg of legs) {
    accountKind(leg.account);
    assertRoundedToMinor(leg.amount, currency);
    if (leg.amount.eq(0)) continue;
    const side = leg.amount.lt(0) ? other(leg.side) : leg.side;
    const amount = new Dec(leg.amount).abs();
    const key = `${leg.account}\u0000${side}`;
    const seen = merged.get(key);
    merged.set(key, { account: leg.account, currency, side, amount: seen ? seen.amount.plus(amount) : amount });
  }
  const postings = [...merged.values()];
  assertBalanced({ txnId, causedBy, occurredAtMs, postings });
  return { txnId, causedBy, occurredAtMs, postings };
}

export function totals(postings: readonly Posting[]): Map<string, { debits: Big; credits: Big }> {
  const byCurrency = new Map<string, { debits: Big; credits: Big }>();
  for (const p of postings) {
    const t = byCurrency.get(p.currency) ?? { debits: new Dec(0), credits: new Dec(0) };
    if (p.side === 'debit') t.debits = t.debits.plus(p.amount);
    else t.credits = t.credits.plus(p.amount);
    byCurrency.set(p.currency, t);
  }
  return byCurrency;
}

/** Debits equal credits in every currency of the transaction; a programmer error otherwise. */
export function assertBalanced(txn: LedgerTransaction): void {
  for (const p of txn.postings) {
    if (!p.amount.gt(0)) throw new UnbalancedTransactionError(txn.txnId, `posting to ${p.account} is not positive (${p.amount.toString()})`);
  }
  for (const [currency, t] of totals(txn.postings)) {
    if (!t.debits.eq(t.credits)) {
      throw new UnbalancedTransactionError(txn.txnId, `${currency} debits ${t.debits.toString()} ≠ credits ${t.credits.toString()}`);
    }
  }
}

export function reversalIdOf(txnId: string): string {
  return TXN_PREFIX.reversal + txnId;
}

/**
 * The correction of a posted transaction: the same postings on the other side, so the two together
 * leave every balance as it was. The original stays in the ledger; nothing is ever deleted.
 */
export function reverse(txn: LedgerTransaction, causedBy: string, occurredAtMs: number): LedgerTransaction {
  const reversal: LedgerTransaction = {
    txnId: reversalIdOf(txn.txnId),
    causedBy,
    occurredAtMs,
    postings: txn.postings.map((p) => ({ ...p, side: other(p.side) })),
  };
  assertBalanced(reversal);
  return reversal;
}

import type Big from 'big.js';
import { Dec, formatMoney } from '@hourglass/money';
import { accountClass, isDebitNormal } from './accounts';
import type { Posting } from './transaction';

/** Sums of one account in one currency, as the store aggregates them. */
export interface AccountTotals {
  account: string;
  currency: string;
  debits: Big;
  credits: Big;
}

/** CONTRACTS §6: `hourglass ledger trial-balance --json` rows. */
export interface TrialBalanceRow {
  currency: string;
  debits: string;
  credits: string;
}

/** CONTRACTS §6: `hourglass ledger balances --json` rows. */
export interface BalanceRow {
  account: string;
  currency: string;
  balance: string;
}

/** Debit-positive for assets and expenses, credit-positive for liabilities and revenue. */
export function signedBalance(totals: AccountTotals): Big {
  const net = isDebitNormal(accountClass(totals.account)) ? totals.debits.minus(totals.credits) : totals.credits.minus(totals.debits);
  return net.eq(0) ? new Dec(0) : net;
}

export function balanceRows(totals: readonly AccountTotals[]): BalanceRow[] {
  return [...totals]
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((t) => ({ account: t.account, currency: t.currency, balance: formatMoney(signedBalance(t), t.currency) }));
}

export function trialBalanceRows(totals: ReadonlyArray<{ currency: string; debits: Big; credits: Big }>): TrialBalanceRow[] {
  return [...totals]
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((t) => ({ currency: t.currency, debits: formatMoney(t.debits, t.currency), credits: formatMoney(t.credits, t.currency) }));
}

/** The in-memory oracle of the store's aggregation: totals per (account, currency). */
export function accountTotals(postings: readonly Posting[]): AccountTotals[] {
  const byKey = new Map<string, AccountTotals>();
  for (const p of postings) {
    const key = `${p.account}\u0000${p.currency}`;
    const t = byKey.get(key) ?? { account: p.account, currency: p.currency, debits: new Dec(0), credits: new Dec(0) };
    if (p.side === 'debit') t.debits = t.debits.plus(p.amount);
    else t.credits = t.credits.plus(p.amount);
    byKey.set(key, t);
  }
  return [...byKey.values()];
}

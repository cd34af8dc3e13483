import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { DomainError } from '@hourglass/contracts';

/** A template was handed an amount no fact can have: a programmer error upstream, never posted. */
export class InvalidPostingInputError extends DomainError {
  constructor(txnId: string, detail: string) {
    super('invalid_posting_input', `cannot post ${txnId}: ${detail}`, { txnId });
  }
}

export function requireNonNegative(txnId: string, name: string, amount: Big): Big {
  if (amount.lt(0)) throw new InvalidPostingInputError(txnId, `${name} is negative (${amount.toString()})`);
  return amount;
}

export function sum(amounts: readonly Big[]): Big {
  return amounts.reduce<Big>((s, a) => s.plus(a), new Dec(0));
}

export function min(a: Big, b: Big): Big {
  return a.lt(b) ? a : b;
}

/** Where money arrives or leaves: a PSP's clearing account, or one of our bank accounts directly. */
export type MoneyRoute = { psp: string } | { bankAccountId: string };

import { formatMoney, isKnownCurrency } from '@hourglass/money';
import { isAccountFamily, isKnownAccount } from './domain/accounts';
import { balanceRows, trialBalanceRows, type BalanceRow, type TrialBalanceRow } from './domain/balances';
import type { AccountFilter, EntryPosition, LedgerEntry, LedgerStore } from './ports';
import { DomainError } from '@hourglass/contracts';

export class LedgerQueryError extends DomainError {
  constructor(reason: 'unknown_account' | 'unknown_currency' | 'invalid_cursor' | 'invalid_limit', message: string) {
    super(reason, message);
  }
}

export interface EntryView {
  txnId: string;
  postingNo: number;
  account: string;
  accountClass: string;
  currency: string;
  debit: string;
  credit: string;
  causedBy: string;
  occurredAt: string;
  recordedAt: string;
}

export const ENTRIES_LIMIT_MAX = 1_000;

/** Reads of the ledger as CONTRACTS §6 prints them: amounts as decimal strings in minor units. */
export class LedgerQueryService {
  constructor(private readonly store: LedgerStore) {}

  async trialBalance(): Promise<TrialBalanceRow[]> {
    return trialBalanceRows(await this.store.trialBalance());
  }

  async balances(filter: AccountFilter): Promise<BalanceRow[]> {
    return balanceRows(await this.store.accountTotals(checked(filter)));
  }

  async entries(query: AccountFilter & { txnId?: string; cursor?: string; limit?: number }): Promise<{ entries: EntryView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > ENTRIES_LIMIT_MAX) {
      throw new LedgerQueryError('invalid_limit', `limit must be a whole number from 1 to ${ENTRIES_LIMIT_MAX}`);
    }
    const rows = await this.store.entries({ ...checked(query), txnId: query.txnId, after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map(entryView),
      nextCursor: rows.length > limit && last ? encodeCursor({ occurredAtMs: last.occurredAtMs, txnId: last.txnId, postingNo: last.postingNo }) : null,
    };
  }
}

function checked<T extends AccountFilter>(filter: T): T {
  if (filter.account !== undefined && !isKnownAccount(filter.account) && !isAccountFamily(filter.account)) {
    throw new LedgerQueryError('unknown_account', `${filter.account} is neither an account of the chart nor a family of them (e.g. receivable)`);
  }
  if (filter.currency !== undefined && !isKnownCurrency(filter.currency)) {
    throw new LedgerQueryError('unknown_currency', `${filter.currency} is not an ISO 4217 currency code`);
  }
  return filter;
}

function entryView(e: LedgerEntry): EntryView {
  return {
    txnId: e.txnId,
    postingNo: e.postingNo,
    account: e.account,
    accountClass: e.accountClass,
    currency: e.currency,
    debit: formatMoney(e.debit, e.currency),
    credit: formatMoney(e.credit, e.currency),
    causedBy: e.causedBy,
    occurredAt: new Date(e.occurredAtMs).toISOString(),
    recordedAt: new Date(e.recordedAtMs).toISOString(),
  };
}

export function encodeCursor(p: EntryPosition): string {
  return Buffer.from(JSON.stringify([p.occurredAtMs, p.txnId, p.postingNo])).toString('base64url');
}

export function decodeCursor(cursor: string): EntryPosition {
  try {
    const [occurredAtMs, txnId, postingNo] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (Number.isSafeInteger(occurredAtMs) && typeof txnId === 'string' && Number.isSafeInteger(postingNo)) {
      return { occurredAtMs: occurredAtMs as number, txnId, postingNo: postingNo as number };
    }
  } catch {
    // fall through to the refusal
  }
  throw new LedgerQueryError('invalid_cursor', 'cursor is not one this API returned');
}

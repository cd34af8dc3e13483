import { accountKind, isAccountFamily } from '../domain/accounts';
import type { AccountFilter, EntryQuery } from '../ports';

export interface Sql {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * `account` names one account, or a family of per-party accounts (`receivable` = every
 * `receivable:*`); a name outside the chart throws UnknownAccountError before any query runs.
 */
export function accountFilterSql(filter: AccountFilter): Sql {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.account) {
    const family = isAccountFamily(filter.account);
    if (family) {
      clauses.push('startsWith(account, {accountPrefix:String})');
      params.accountPrefix = `${filter.account}:`;
    } else {
      accountKind(filter.account);
      clauses.push('account = {account:String}');
      params.account = filter.account;
    }
  }
  if (filter.currency) {
    clauses.push('currency = {currency:String}');
    params.currency = filter.currency;
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

export function trialBalanceSql(table: string): string {
  return `SELECT currency, sum(debit) AS debits, sum(credit) AS credits FROM ${table} FINAL GROUP BY currency ORDER BY currency`;
}

export function accountTotalsSql(table: string, filter: AccountFilter): Sql {
  const where = accountFilterSql(filter);
  return {
    sql: `SELECT account, currency, sum(debit) AS debits, sum(credit) AS credits FROM ${table} FINAL
      WHERE ${where.sql} GROUP BY account, currency ORDER BY account, currency`,
    params: where.params,
  };
}

/** Keyset pagination in (occurred_at, txn_id, posting_no) order: stable while entries are appended. */
export function entriesSql(table: string, query: EntryQuery): Sql {
  const where = accountFilterSql(query);
  const clauses = [where.sql];
  const params: Record<string, unknown> = { ...where.params, limit: query.limit };
  if (query.txnId) {
    clauses.push('txn_id = {txnId:String}');
    params.txnId = query.txnId;
  }
  if (query.after) {
    clauses.push('(toUnixTimestamp64Milli(occurred_at), txn_id, posting_no) > ({afterMs:Int64}, {afterTxn:String}, {afterNo:UInt16})');
    Object.assign(params, { afterMs: query.after.occurredAtMs, afterTxn: query.after.txnId, afterNo: query.after.postingNo });
  }
  return {
    sql: `SELECT * FROM ${table} FINAL WHERE ${clauses.join(' AND ')}
      ORDER BY occurred_at, txn_id, posting_no LIMIT {limit:UInt32}`,
    params,
  };
}

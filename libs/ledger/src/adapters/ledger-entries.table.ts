import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import type { FactTable } from '@hourglass/kernel';
import { dec } from '@hourglass/money';
import { accountClass } from '../domain/accounts';
import type { LedgerTransaction } from '../domain/transaction';
import type { LedgerEntry } from '../ports';

/** `ledger_entries` (migration 011) and the mapping of its rows: one row per posting. */
export interface LedgerEntryRow {
  txn_id: string;
  posting_no: number;
  account: string;
  account_class: string;
  currency: string;
  debit: string;
  credit: string;
  caused_by: string;
  occurred_at: string;
  recorded_at: string;
}

/** Rows go to the kernel's fact store already mapped (toRows), so the table's own mapping is the identity. */
export const LEDGER_ENTRIES: FactTable<LedgerEntryRow, LedgerEntryRow> = {
  name: 'ledger_entries',
  columns: ['txn_id', 'posting_no', 'account', 'account_class', 'currency', 'debit', 'credit', 'caused_by', 'occurred_at', 'recorded_at'],
  toRow: (row) => row,
  fromRow: (row) => row,
};

export function toRows(txn: LedgerTransaction, recordedAtMs: number): LedgerEntryRow[] {
  return txn.postings.map((p, postingNo) => ({
    txn_id: txn.txnId,
    posting_no: postingNo,
    account: p.account,
    account_class: accountClass(p.account),
    currency: p.currency,
    debit: p.side === 'debit' ? p.amount.toFixed() : '0',
    credit: p.side === 'credit' ? p.amount.toFixed() : '0',
    caused_by: txn.causedBy,
    occurred_at: chDateTime(txn.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
  }));
}

export function fromRow(row: LedgerEntryRow): LedgerEntry {
  return {
    txnId: row.txn_id,
    postingNo: Number(row.posting_no),
    account: row.account,
    accountClass: row.account_class,
    currency: row.currency,
    debit: dec(row.debit),
    credit: dec(row.credit),
    causedBy: row.caused_by,
    occurredAtMs: parseChDateTime(row.occurred_at),
    recordedAtMs: parseChDateTime(row.recorded_at),
  };
}

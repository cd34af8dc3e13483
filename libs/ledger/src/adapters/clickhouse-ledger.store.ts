import { createHash } from 'node:crypto';
import type Big from 'big.js';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { AccountTotals } from '../domain/balances';
import type { LedgerTransaction } from '../domain/transaction';
import type { AccountFilter, EntryQuery, LedgerEntry, LedgerStore } from '../ports';
import type { FactStore } from '@hourglass/kernel';
import { fromRow, LEDGER_ENTRIES, toRows, type LedgerEntryRow } from './ledger-entries.table';
import { accountTotalsSql, entriesSql, trialBalanceSql } from './ledger.sql';

/** Rows per insert, bounding a request's size; a transaction is never split to stay under it. */
const CHUNK_ROWS_MAX = 10_000;

type Totals = { debits: string; credits: string };

export class ClickHouseLedgerStore implements LedgerStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly facts: FactStore,
  ) {}

  private get table(): string {
    return `\`${this.database}\`.${LEDGER_ENTRIES.name}`;
  }

  /**
   * One insert per chunk of whole transactions: an insert is atomic, so a reader (and the posting
   * job, which takes a present txn_id as posted) never sees part of a transaction. Chunks stay under
   * the fact store's own chunk size, so it never cuts one. The token is the chunk's own content, so an
   * exact retry is dropped by ClickHouse; any other repeat folds into one row per (txn_id, posting_no)
   * under FINAL.
   */
  async append(transactions: readonly LedgerTransaction[], recordedAtMs: number): Promise<void> {
    let chunk: ReturnType<typeof toRows> = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const token = createHash('sha256')
        .update(chunk.map((r) => `${r.txn_id}#${r.posting_no}`).join('\n'))
        .digest('hex');
      await this.facts.append(LEDGER_ENTRIES, chunk, `ledger:${token}`);
      chunk = [];
    };
    for (const txn of transactions) {
      const rows = toRows(txn, recordedAtMs);
      if (chunk.length + rows.length > CHUNK_ROWS_MAX) await flush();
      chunk.push(...rows);
    }
    await flush();
  }

  async trialBalance(): Promise<Array<{ currency: string; debits: Big; credits: Big }>> {
    const rows = await queryRows<Totals & { currency: string }>(this.client, trialBalanceSql(this.table));
    return rows.map((r) => ({ currency: r.currency, debits: dec(r.debits), credits: dec(r.credits) }));
  }

  async accountTotals(filter: AccountFilter): Promise<AccountTotals[]> {
    const { sql, params } = accountTotalsSql(this.table, filter);
    const rows = await queryRows<Totals & { account: string; currency: string }>(this.client, sql, params);
    return rows.map((r) => ({ account: r.account, currency: r.currency, debits: dec(r.debits), credits: dec(r.credits) }));
  }

  async entries(query: EntryQuery): Promise<LedgerEntry[]> {
    const { sql, params } = entriesSql(this.table, query);
    return (await queryRows<LedgerEntryRow>(this.client, sql, params)).map(fromRow);
  }
}

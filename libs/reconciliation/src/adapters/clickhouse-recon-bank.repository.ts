import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { BankLine, ParsedBankStatement } from '../domain/bank-statements';
import type { SentPayoutItem } from '../domain/payout-matching';
import type { PspBalanceRow } from '../domain/psp-balances';
import type { PayoutReconStore } from '../ports';
import { bankLinesSql, ledgerPspBalancesSql, reportPspBalancesSql, sentPayoutItemsSql } from './recon-bank.sql';

type Row = Record<string, string>;
const CHUNK = 100_000;

/** Bank statements (migration 21), and the reads of payouts' batches and the ledger's balances. */
export class ClickHouseReconBankRepository implements PayoutReconStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private async compact(query: string, params: Record<string, unknown>): Promise<unknown[][]> {
    return (await this.client.query({ query, query_params: params, format: 'JSONCompactEachRow' })).json<unknown[]>();
  }

  async importBankStatement(statement: ParsedBankStatement, fileName: string, atMs: number): Promise<{ alreadyImported: boolean }> {
    const [known] = await queryRows<Row>(this.client, `SELECT import_id FROM ${this.db}.bank_statement_imports FINAL WHERE import_id = {id:String}`, { id: statement.importId });
    // Entries first, the import record last: a crash between them is finished by importing again;
    // an entry carried again (this file, or an overlapping statement) folds into one row.
    const rows = statement.lines.map((l) => ({
      line_id: l.lineId,
      account: l.account,
      entry_ref: l.entryRef,
      import_id: statement.importId,
      line_no: l.lineNo,
      direction: l.direction,
      amount: l.amount.toFixed(12),
      currency: l.currency,
      booked_at: chDateTime(l.bookedAtMs),
      payment_info_id: l.paymentInfoId,
      end_to_end_id: l.endToEndId,
      return_reason: l.returnReason,
      raw: JSON.stringify(l.raw),
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await insertRows(this.client, `${this.db}.bank_statement_lines`, rows.slice(i, i + CHUNK), `${statement.importId}:${i / CHUNK}`);
    }
    if (!known) {
      await insertRows(this.client, `${this.db}.bank_statement_imports`, [{ import_id: statement.importId, file_name: fileName, lines: rows.length, imported_at: chDateTime(atMs) }]);
    }
    return { alreadyImported: known !== undefined };
  }

  async sentPayoutItems(fromMs: number, toMs: number): Promise<SentPayoutItem[]> {
    const rows = await this.compact(sentPayoutItemsSql(this.db), { fromMs, toMs });
    return rows.map((r) => ({
      batchId: r[0] as string,
      operatorId: r[1] as string,
      currency: r[2] as string,
      payoutId: `${r[0] as string}:${r[1] as string}:${r[2] as string}`,
      amount: dec(r[3] as string),
      endToEndId: r[4] as string,
      batchCreatedAtMs: Number(r[5]),
      status: r[6] as SentPayoutItem['status'],
    }));
  }

  async bankLines(fromMs: number, toMs: number): Promise<BankLine[]> {
    const rows = await this.compact(bankLinesSql(this.db), { fromMs, toMs });
    return rows.map((r) => ({
      lineId: r[0] as string,
      account: r[1] as string,
      entryRef: r[2] as string,
      lineNo: Number(r[3]),
      direction: r[4] as BankLine['direction'],
      amount: dec(r[5] as string),
      currency: r[6] as string,
      bookedAtMs: Number(r[7]),
      paymentInfoId: r[8] as string,
      endToEndId: r[9] as string,
      returnReason: r[10] as string,
      raw: {},
    }));
  }

  async pspBalances(cutoffMs: number): Promise<PspBalanceRow[]> {
    const ledger = await queryRows<Row>(this.client, ledgerPspBalancesSql(this.db), { cutoffMs });
    const reports = await queryRows<Row>(this.client, reportPspBalancesSql(this.db), { cutoffMs });
    const rows = new Map<string, PspBalanceRow>();
    const row = (provider: string, currency: string) => {
      const k = `${provider}\u0000${currency}`;
      const found = rows.get(k) ?? { provider, currency, ledgerCash: dec('0'), ledgerFees: dec('0'), reportNet: dec('0'), reportFees: dec('0'), lines: 0 };
      rows.set(k, found);
      return found;
    };
    for (const r of reports) Object.assign(row(r.provider!, r.currency!), { reportNet: dec(r.net!), reportFees: dec(r.fees!), lines: Number(r.lines) });
    for (const r of ledger) {
      const account = r.account!;
      if (account.startsWith('psp_fees:')) row(account.slice('psp_fees:'.length), r.currency!).ledgerFees = dec(r.balance!);
      else row(account.slice('cash:'.length, -'-payouts'.length), r.currency!).ledgerCash = dec(r.balance!);
    }
    return [...rows.values()];
  }
}

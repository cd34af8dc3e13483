import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import { TXN_PREFIX } from '../domain/txn-ids';
import type { BreakWriteOffFact, ReconciliationFacts, SettledLineFact } from '../ports';

/** Breaks that move money at a PSP when written off; the others post nothing. */
const POSTED_TYPES = ['missing_in_psp', 'missing_in_ledger', 'amount_mismatch', 'fee_mismatch', 'currency_mismatch', 'duplicate'];

/** Reconciliation's write-offs read by SQL (migration 12): the ledger imports nothing of the reconciliation module. */
export class ClickHouseReconciliationFacts implements ReconciliationFacts {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async writeOffs(afterTxnId: string, limit: number): Promise<BreakWriteOffFact[]> {
    const db = '`' + this.database + '`';
    const rows = await queryRows<Record<string, string>>(
      this.client,
      `SELECT concat({prefix:String}, b.break_id) AS fact_txn, b.break_id AS break_id, e.first_event AS event_id, b.provider AS provider,
          b.currency AS currency, toString(b.amount) AS amount, JSONExtractString(b.refs, 'direction') AS direction, toUnixTimestamp64Milli(e.first_at) AS at_ms
        FROM ${db}.recon_breaks AS b FINAL
        INNER JOIN (
          SELECT break_id, argMin(event_id, at) AS first_event, min(at) AS first_at FROM ${db}.recon_break_events FINAL
          WHERE status = 'written_off' GROUP BY break_id
        ) AS e ON e.break_id = b.break_id
        WHERE b.provider IN ('stripe', 'adyen') AND b.currency != '' AND b.amount > 0 AND b.type IN {types:Array(String)}
          AND NOT (b.type = 'duplicate' AND JSONExtractString(b.refs, 'kind') != 'settlement_line')
          AND JSONExtractString(b.refs, 'direction') IN ('short', 'over')
          AND fact_txn > {after:String}
          AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
        ORDER BY fact_txn LIMIT {limit:UInt32}`,
      { prefix: TXN_PREFIX.breakWrittenOff, after: afterTxnId, limit, types: POSTED_TYPES },
    );
    return rows.map((r) => ({
      breakId: r.break_id!,
      eventId: r.event_id!,
      provider: r.provider!,
      currency: r.currency!,
      amount: dec(r.amount!),
      direction: r.direction as 'short' | 'over',
      atMs: Number(r.at_ms),
    }));
  }

  /** Lines of imported settlement reports that moved money; a `payout` line is the transfer of those, not posted again. */
  async settledLines(afterTxnId: string, limit: number): Promise<SettledLineFact[]> {
    const db = '`' + this.database + '`';
    const rows = await queryRows<Record<string, string>>(
      this.client,
      // A dispute fee posted with its funds fact (dispute-opened / dispute-won, payments-facts.sql.ts)
      // names the same balance movement as this line: the line must not expense it again.
      `SELECT concat({prefix:String}, line_id) AS fact_txn, line_id, provider, currency, toString(gross) AS gross, toString(fee) AS fee,
          toString(net) AS net, toUnixTimestamp64Milli(created_at) AS at_ms,
          toUInt8(line_id IN (
            SELECT concat(provider, ':', fee_ref) FROM ${db}.dispute_facts FINAL
            WHERE fee != 0 AND fee_ref != ''
              AND (concat({openedPrefix:String}, fact_id) IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {openedPrefix:String}))
                OR concat({wonPrefix:String}, fact_id) IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {wonPrefix:String})))
          )) AS fee_posted_with_dispute
        FROM ${db}.psp_settlement_lines FINAL
        WHERE category IN ('charge', 'refund', 'dispute', 'fee', 'adjustment') AND provider IN ('stripe', 'adyen') AND currency != ''
          AND fact_txn > {after:String}
          AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
        ORDER BY fact_txn LIMIT {limit:UInt32}`,
      { prefix: TXN_PREFIX.pspSettled, openedPrefix: TXN_PREFIX.disputeOpened, wonPrefix: TXN_PREFIX.disputeWon, after: afterTxnId, limit },
    );
    return rows.map((r) => ({
      lineId: r.line_id!,
      provider: r.provider!,
      currency: r.currency!,
      gross: dec(r.gross!),
      fee: dec(r.fee!),
      net: dec(r.net!),
      feePostedWithDispute: Number(r.fee_posted_with_dispute) === 1,
      atMs: Number(r.at_ms),
    }));
  }
}

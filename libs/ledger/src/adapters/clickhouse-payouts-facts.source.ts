import type { ClickHouseClient } from '@clickhouse/client';
import { parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import { TXN_PREFIX } from '../domain/txn-ids';
import type { PayoutFactKind, PayoutLedgerFact, PayoutsFacts } from '../ports';

type Row = Record<string, string>;

/** The transaction id prefix each kind of payouts fact posts under. */
const PREFIX: Record<PayoutFactKind, string> = {
  reserve_held: TXN_PREFIX.reserveHeld,
  reserve_released: TXN_PREFIX.reserveReleased,
  payout_paid: TXN_PREFIX.payoutPaid,
  payout_returned: TXN_PREFIX.reversal + TXN_PREFIX.payoutPaid,
  clawback: TXN_PREFIX.operatorClawback,
};

/**
 * Payouts' facts (`payout_facts`, migration 12: fact_id is `<kind>:<refId>`) not yet in the ledger,
 * read by SQL so that the ledger imports nothing of the payouts module. Maps rows, decides nothing.
 */
export function payoutFactsSql(db: string): string {
  return `SELECT concat({prefix:String}, ref_id) AS fact_txn, fact_id, ref_id, operator_id, currency, amount, bank_account_id, occurred_at
    FROM (SELECT *, substring(fact_id, length(kind) + 2) AS ref_id FROM ${db}.payout_facts FINAL WHERE kind = {kind:String} AND amount != 0)
    WHERE fact_txn > {after:String} AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

export class ClickHousePayoutsFacts implements PayoutsFacts {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async pending(kind: PayoutFactKind, afterTxnId: string, limit: number): Promise<PayoutLedgerFact[]> {
    const rows = await queryRows<Row>(this.client, payoutFactsSql('`' + this.database + '`'), { prefix: PREFIX[kind], kind, after: afterTxnId, limit });
    return rows.map((r) => ({
      factId: r.fact_id!,
      refId: r.ref_id!,
      operatorId: r.operator_id!,
      currency: r.currency!,
      amount: dec(r.amount!),
      bankAccountId: r.bank_account_id!,
      occurredAtMs: parseChDateTime(r.occurred_at!),
    }));
  }
}

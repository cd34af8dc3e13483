/**
 * What payments recorded (migration 009) that the ledger has not posted: each query lists facts by the
 * transaction id they will get (`concat(prefix, fact id)`), after a page's last id, leaving out ids
 * already in `ledger_entries`. Payments' tables are read by SQL, so the ledger imports nothing of the
 * payments module. Facts whose customer is not resolved yet wait until `payment_refs` names it.
 */
const NOT_POSTED = (db: string) =>
  `fact_txn > {after:String} AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))`;

export function paymentsReceivedSql(db: string): string {
  return `SELECT concat({prefix:String}, fact_id) AS fact_txn, fact_id, kind, provider, invoice_id, customer_id, currency, amount, occurred_at
    FROM ${db}.payment_facts_resolved
    WHERE kind IN ('captured', 'recorded') AND customer_id != '' AND ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

/** Each refund with the largest cumulative amount of its key already posted (`posted_before`). */
export function refundsSql(db: string): string {
  return `SELECT concat({prefix:String}, f.fact_id) AS fact_txn, f.fact_id AS fact_id, f.provider AS provider, f.customer_id AS customer_id,
      f.currency AS currency, f.cumulative_key AS cumulative_key, f.amount AS amount,
      ifNull(p.posted_max, toDecimal128(0, 12)) AS posted_before, f.occurred_at AS occurred_at
    FROM (SELECT * FROM ${db}.payment_facts_resolved WHERE kind = 'refunded' AND customer_id != '') AS f
    LEFT JOIN (
      SELECT provider, cumulative_key, max(amount) AS posted_max FROM ${db}.payment_facts_resolved
      WHERE kind = 'refunded' AND concat({prefix:String}, fact_id) IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
      GROUP BY provider, cumulative_key
    ) AS p ON p.provider = f.provider AND p.cumulative_key = f.cumulative_key
    WHERE ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}
    SETTINGS join_use_nulls = 1`;
}

export function creditMovesSql(db: string): string {
  return `SELECT concat({prefix:String}, fact_id) AS fact_txn, fact_id, customer_id, currency, amount, occurred_at
    FROM ${db}.customer_credit_facts FINAL
    WHERE amount != 0 AND ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

/**
 * A fee is posted with its funds fact unless the settlement report line of the same balance movement
 * (`psp-settled:<provider>:<fee_ref>`) is posted already: that line expensed it (adapters/
 * clickhouse-reconciliation-facts.source.ts routes the fee the other way when the dispute came first).
 */
export function disputeFundsSql(db: string): string {
  return `SELECT concat({prefix:String}, fact_id) AS fact_txn, fact_id, dispute_id, provider, currency, amount,
      if(fee_ref != '' AND concat({settledPrefix:String}, provider, ':', fee_ref) IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {settledPrefix:String})),
        toDecimal128(0, 12), fee) AS fee,
      occurred_at
    FROM ${db}.dispute_facts FINAL
    WHERE funds = {funds:String} AND ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

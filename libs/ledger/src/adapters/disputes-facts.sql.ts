/**
 * The disputes module's loss facts (migration 12) that have no `dispute-lost:<disputeId>` transaction
 * yet, by the transaction id each will get; read by SQL, so the ledger imports nothing of disputes.
 */
export function disputeLossesSql(db: string): string {
  return `SELECT concat({prefix:String}, dispute_id) AS fact_txn, dispute_id, provider, currency, amount,
      clawback_operators, clawback_amounts, occurred_at
    FROM ${db}.dispute_loss_facts FINAL
    WHERE fact_txn > {after:String}
      AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

/**
 * Reversals (migration 22) with the loss fact each reverses, by the reversal's transaction id
 * (`reversal-of:dispute-lost:<dispute_id>`), only once that loss is posted.
 */
export function disputeLossReversalsSql(db: string): string {
  return `SELECT concat({prefix:String}, r.dispute_id) AS fact_txn, r.dispute_id AS dispute_id, l.provider AS provider, l.currency AS currency,
      l.amount AS amount, l.clawback_operators AS clawback_operators, l.clawback_amounts AS clawback_amounts, l.occurred_at AS occurred_at,
      r.occurred_at AS reversed_at
    FROM (SELECT * FROM ${db}.dispute_loss_reversals FINAL) AS r
    INNER JOIN (SELECT * FROM ${db}.dispute_loss_facts FINAL) AS l ON l.dispute_id = r.dispute_id
    WHERE fact_txn > {after:String}
      AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))
      AND concat({lostPrefix:String}, r.dispute_id) IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {lostPrefix:String}))
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

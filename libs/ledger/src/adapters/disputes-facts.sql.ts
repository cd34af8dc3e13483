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

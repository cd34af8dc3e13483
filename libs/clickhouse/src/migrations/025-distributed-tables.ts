import type { Migration } from './render';

/**
 * Every table that migrations 001–024 create, with the key that picks its shard. On a cluster each
 * table becomes `<name>_local` (the Replicated table, its data and its Keeper path unchanged) and
 * `<name>` a Distributed table over the `_local` tables of every shard, so every reader and writer
 * keeps the name it had, and the views, which name their tables, read the whole cluster.
 *
 * The key is a hash of ORDER BY columns: rows that share a sorting key always share a shard, so
 * ReplacingMergeTree folds every version of a key on one shard and `FINAL` stays correct when run
 * per shard. Among those columns it takes the one naming the thing whose rows belong together (the
 * rental, the invoice, the customer), not a coarse leading one (outcome, period) that would pile a
 * month on one shard. Usage and ratings go by rental: a rental's covered-time union and its hourly
 * ratings never span shards. The key must be deterministic (never rand()): a retried insert has to
 * split into the same per-shard blocks for the shards' deduplication tokens to match.
 *
 * Written out as released: a table added later picks its key in its own migration.
 */
const SHARDING_KEYS: ReadonlyArray<readonly [table: string, key: string]> = [
  ['usage_outcomes', 'rental_id'],
  ['rental_versions', 'rental_id'],
  ['customer_versions', 'customer_id'],
  ['price_book_versions', 'price_book_id'],
  ['reference_rejections', 'received_at'],
  ['billing_runs', 'run_id'],
  ['invoices', 'invoice_id'],
  ['invoice_lines', 'invoice_id'],
  ['invoice_status_events', 'invoice_id'],
  ['credit_notes', 'invoice_id'],
  ['credit_grants', 'customer_id'],
  ['payout_statements', 'operator_id'],
  ['rated_usage_versions', 'rental_id'],
  ['rating_runs', 'rating_seq'],
  ['hourglass_instance', 'instance_id'],
  ['outbox', 'id'],
  ['outbox_deliveries', 'id'],
  ['outbox_progress', 'relay'],
  ['inbox', 'provider, key'],
  ['inbox_processed', 'provider, key'],
  ['audit_log', 'id'],
  ['payment_facts', 'fact_id'],
  ['payment_refs', 'provider, payment_ref'],
  ['dispute_facts', 'dispute_id'],
  ['customer_credit_facts', 'customer_id'],
  ['idempotency_keys', 'idempotency_key'],
  ['ledger_entries', 'txn_id'],
  ['webhook_endpoints', 'endpoint_id'],
  ['webhook_deliveries', 'endpoint_id'],
  ['sanctions_list_versions', 'list, version'],
  ['sanctions_entries', 'list, version, entry_id'],
  ['screenings', 'party_kind, party_id'],
  ['screening_cases', 'case_id'],
  ['screening_decisions', 'case_id'],
  ['risk_signals', 'signal_id'],
  ['operator_versions', 'operator_id'],
  ['kyc_facts', 'party_kind, party_id'],
  ['payout_batches', 'batch_id'],
  ['payout_items', 'batch_id'],
  ['payout_item_status', 'batch_id'],
  ['payout_facts', 'fact_id'],
  ['dispute_evidence_submissions', 'dispute_id'],
  ['dispute_loss_facts', 'dispute_id'],
  ['dunning_facts', 'invoice_id'],
  ['suspension_facts', 'customer_id'],
  ['psp_settlement_lines', 'line_id'],
  ['psp_settlement_imports', 'import_id'],
  ['recon_matches', 'match_id'],
  ['recon_breaks', 'break_id'],
  ['recon_break_events', 'break_id'],
  ['usage_replays', 'replay_id'],
  ['bank_statement_lines', 'line_id'],
  ['bank_statement_imports', 'import_id'],
  ['dispute_loss_reversals', 'dispute_id'],
  ['stream_incarnations', 'stream'],
];

/**
 * Sharding, on a cluster only: a single node has nothing to distribute, so this renders no
 * statement there and the version is recorded as applied. A RENAME has no IF NOT EXISTS; the
 * migrator skips one whose new name exists already (an interrupted run, or another process), and
 * the rename comes right before its Distributed table so that no view misses its table for long.
 */
export const distributedTablesMigration: Migration = {
  version: 25,
  name: 'distributed tables: on a cluster each table becomes <name>_local and <name> a Distributed table over every shard',
  statements: ({ db, onCluster, target }) => {
    if (target.cluster === null) return [];
    const cluster = target.cluster.replace(/'/g, '');
    const database = target.database.replace(/[`']/g, '');
    return SHARDING_KEYS.flatMap(([table, key]) => [
      `RENAME TABLE ${db}.${table} TO ${db}.${table}_local${onCluster}`,
      `CREATE TABLE IF NOT EXISTS ${db}.${table}${onCluster} AS ${db}.${table}_local
    ENGINE = Distributed('${cluster}', '${database}', '${table}_local', cityHash64(${key}))`,
    ]);
  },
};

import type { Migration } from './render';

/**
 * Idempotency-Keys of write requests (credit notes, credit grants, invoice status changes): what each
 * key asked (a fingerprint) and, once done, what it answered. A key is written `pending` before the
 * work and `completed` after it; the higher `state_rank` wins, so FINAL shows the furthest state.
 */
export const idempotencyKeysMigration: Migration = {
  version: 10,
  name: 'idempotency_keys',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.idempotency_keys${onCluster} (
      idempotency_key String,
      operation LowCardinality(String),
      fingerprint String,
      state LowCardinality(String),
      state_rank UInt8,
      response String,
      created_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'idempotency_keys', 'state_rank')}
    ORDER BY idempotency_key`,
  ],
};

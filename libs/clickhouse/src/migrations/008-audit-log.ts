import type { Migration } from './render';

/**
 * Who did what through the API (CONTRACTS.md §5). Append-only: Hourglass only inserts, and the SQL
 * sandbox cannot write. `id` starts with the time in ms, zero-padded, so ordering by it is ordering
 * by time, and `before=<id>` pages without skipping rows that share a millisecond.
 */
export const auditLogMigration: Migration = {
  version: 8,
  name: 'audit_log',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.audit_log${onCluster} (
      id String,
      at DateTime64(3, 'UTC'),
      actor LowCardinality(String),
      role LowCardinality(String),
      method LowCardinality(String),
      path String,
      status UInt16,
      idempotency_key String
    ) ENGINE = ${engine('MergeTree', 'audit_log')}
    ORDER BY id
    SETTINGS ${dedupSettings()}`,
  ],
};

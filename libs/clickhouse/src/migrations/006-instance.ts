import type { Migration } from './render';

/**
 * A random id for this Hourglass store, made once. State kept outside ClickHouse (the Redis dedup
 * claims) is namespaced by it, so a fresh store that meets an old Redis never mistakes that Redis's
 * claims for its own.
 */
export const instanceMigration: Migration = {
  version: 6,
  name: 'hourglass_instance',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.hourglass_instance${onCluster} (
      instance_id String,
      created_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'hourglass_instance')}
    ORDER BY instance_id`,
  ],
};

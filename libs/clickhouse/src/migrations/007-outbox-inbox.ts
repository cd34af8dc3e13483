import type { Migration } from './render';

/**
 * The kernel's outbox and inbox (libs/kernel).
 *
 * `outbox`: messages written beside the facts they announce; `position` is ClickHouse's clock when
 * the row was written, which the relay reads in order. A MergeTree, not a Replacing one: two copies of
 * an id have different positions, and readers take each id once. `outbox_deliveries` records what a
 * relay published, `outbox_progress` the position below which everything was delivered.
 *
 * `inbox`: webhooks as they arrived, one per (provider, provider's key); `inbox_processed` marks what
 * a processor has acted on.
 */
export const outboxInboxMigration: Migration = {
  version: 7,
  name: 'outbox, outbox deliveries and progress, inbox',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.outbox${onCluster} (
      id String,
      subject String,
      payload String,
      headers String,
      created_at DateTime64(3, 'UTC'),
      position DateTime64(6, 'UTC') DEFAULT now64(6)
    ) ENGINE = ${engine('MergeTree', 'outbox')}
    ORDER BY (position, id)
    SETTINGS ${dedupSettings()}`,
    `CREATE TABLE IF NOT EXISTS ${db}.outbox_deliveries${onCluster} (
      id String,
      relay LowCardinality(String),
      position DateTime64(6, 'UTC'),
      delivered_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'outbox_deliveries')}
    ORDER BY id
    SETTINGS ${dedupSettings()}`,
    `CREATE TABLE IF NOT EXISTS ${db}.outbox_progress${onCluster} (
      relay LowCardinality(String),
      position DateTime64(6, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('MergeTree', 'outbox_progress')}
    ORDER BY (relay, position)`,
    `CREATE TABLE IF NOT EXISTS ${db}.inbox${onCluster} (
      provider LowCardinality(String),
      key String,
      body String,
      headers String,
      received_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'inbox')}
    ORDER BY (provider, key)
    SETTINGS ${dedupSettings()}`,
    `CREATE TABLE IF NOT EXISTS ${db}.inbox_processed${onCluster} (
      provider LowCardinality(String),
      key String,
      outcome String,
      processed_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'inbox_processed')}
    ORDER BY (provider, key)`,
  ],
};

import type { Migration } from './render';

/**
 * Outgoing events over HTTP (libs/webhooks). `webhook_endpoints`: one version per change of an
 * endpoint, the latest wins; the secret is sealed (AES-256-GCM) because every table is readable
 * through the SQL sandbox. `webhook_deliveries`: one row per attempt, append-only, the delivery log.
 */
export const webhooksMigration: Migration = {
  version: 12,
  name: 'webhook endpoints and deliveries',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.webhook_endpoints${onCluster} (
      endpoint_id String,
      url String,
      secret_sealed String,
      types Array(LowCardinality(String)),
      enabled Bool,
      created_at DateTime64(3, 'UTC'),
      updated_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'webhook_endpoints', 'updated_at')}
    ORDER BY endpoint_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.webhook_deliveries${onCluster} (
      endpoint_id String,
      event_id String,
      event_type LowCardinality(String),
      attempt UInt32,
      outcome LowCardinality(String),
      http_status UInt16,
      error String,
      duration_ms UInt32,
      replay Bool,
      at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('MergeTree', 'webhook_deliveries')}
    ORDER BY (endpoint_id, at, event_id)`,
  ],
};

import type { Migration } from './render';

/**
 * Reference data is kept as versioned facts: every document received is a row, and the current
 * state is derived (the newest `updated_at`, or every version of a price book). ReplacingMergeTree
 * only folds exact re-deliveries of one version.
 */
export const referenceMigration: Migration = {
  version: 2,
  name: 'rentals, customers, price books as versioned facts',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.rental_versions${onCluster} (
      rental_id String,
      customer_id String,
      operator_id String,
      datacenter_id String,
      node_id String,
      gpu_model LowCardinality(String),
      gpu_count UInt16,
      pricing_class LowCardinality(String),
      price_book_id String,
      started_at DateTime64(3, 'UTC'),
      ended_at Nullable(DateTime64(3, 'UTC')),
      commitment_term_months Nullable(UInt16),
      commitment_auto_renew Nullable(Bool),
      updated_at DateTime64(3, 'UTC'),
      document String,
      received_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'rental_versions')}
    ORDER BY (rental_id, updated_at)`,
    `CREATE VIEW IF NOT EXISTS ${db}.rentals${onCluster} AS
      SELECT * EXCEPT (received_at) FROM ${db}.rental_versions
      ORDER BY rental_id, updated_at DESC, received_at DESC LIMIT 1 BY rental_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.customer_versions${onCluster} (
      customer_id String,
      name String,
      currency LowCardinality(String),
      country LowCardinality(String),
      credit_limit Nullable(Decimal(38, 12)),
      updated_at DateTime64(3, 'UTC'),
      document String,
      received_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'customer_versions')}
    ORDER BY (customer_id, updated_at)`,
    `CREATE VIEW IF NOT EXISTS ${db}.customers${onCluster} AS
      SELECT * EXCEPT (received_at) FROM ${db}.customer_versions
      ORDER BY customer_id, updated_at DESC, received_at DESC LIMIT 1 BY customer_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.price_book_versions${onCluster} (
      price_book_id String,
      version UInt32,
      effective_from DateTime64(3, 'UTC'),
      currency LowCardinality(String),
      platform_fee_rate Decimal(9, 6),
      rates String,
      document String,
      received_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'price_book_versions')}
    ORDER BY (price_book_id, version)`,
    `CREATE TABLE IF NOT EXISTS ${db}.reference_rejections${onCluster} (
      subject String,
      errors Array(String),
      raw String,
      received_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('MergeTree', 'reference_rejections')}
    ORDER BY received_at`,
    `CREATE VIEW IF NOT EXISTS ${db}.price_book_rates${onCluster} AS
      SELECT price_book_id, version, effective_from, currency, platform_fee_rate,
             JSONExtractString(rate, 'gpuModel') AS gpu_model,
             JSONExtractString(rate, 'pricingClass') AS pricing_class,
             toDecimal128OrNull(JSONExtractString(rate, 'unitPrice'), 12) AS unit_price,
             JSONExtractRaw(rate, 'tiers') AS tiers,
             JSONExtractString(rate, 'tierMode') AS tier_mode
      FROM ${db}.price_book_versions FINAL
      ARRAY JOIN JSONExtractArrayRaw(rates) AS rate`,
  ],
};

import type { Migration } from './render';

/**
 * Every message of the USAGE stream ends as exactly one row of usage_outcomes, keyed by its stream
 * sequence. One table for all outcomes makes a batch one insert: after a crash the consumer asks which
 * sequences already have a row and writes only the others, so nothing is lost or written twice even
 * when JetStream redelivers the batch in a different composition.
 */
export const usageMigration: Migration = {
  version: 1,
  name: 'usage outcomes, events, rejections, duplicates',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.usage_outcomes${onCluster} (
      stream_seq UInt64,
      outcome Enum8('accepted' = 1, 'duplicate' = 2, 'rejected' = 3),
      reason LowCardinality(String),
      detail String,
      source String,
      id String,
      first_seq UInt64,
      rental_id String,
      customer_id String,
      operator_id String,
      datacenter_id String,
      node_id String,
      gpu_model LowCardinality(String),
      gpu_count UInt16,
      interval_start DateTime64(3, 'UTC'),
      interval_end DateTime64(3, 'UTC'),
      event_time Nullable(DateTime64(3, 'UTC')),
      gpu_utilization_pct Nullable(Float64),
      energy_wh Nullable(Float64),
      subject String,
      raw String,
      received_at DateTime64(3, 'UTC'),
      -- When the row was written: usage written after a billing run pinned its cut-off is late
      -- usage for that run, whatever its stream sequence (events held back for their rental are
      -- written after later sequences).
      recorded_at DateTime64(3, 'UTC') DEFAULT now64(3, 'UTC'),
      INDEX idx_stream_seq stream_seq TYPE minmax GRANULARITY 1
    ) ENGINE = ${engine('MergeTree', 'usage_outcomes')}
    PARTITION BY toYYYYMM(received_at)
    ORDER BY (outcome, rental_id, interval_start, stream_seq)
    SETTINGS ${dedupSettings()}`,
    `CREATE VIEW IF NOT EXISTS ${db}.usage_events${onCluster} AS
      SELECT stream_seq, source, id, rental_id, customer_id, operator_id, datacenter_id, node_id,
             gpu_model, gpu_count, interval_start, interval_end,
             toUInt64(gpu_count) * toUInt64(toUnixTimestamp64Milli(interval_end) - toUnixTimestamp64Milli(interval_start)) AS gpu_ms_raw,
             event_time, gpu_utilization_pct, energy_wh, subject, received_at
      FROM ${db}.usage_outcomes WHERE outcome = 'accepted'`,
    `CREATE VIEW IF NOT EXISTS ${db}.usage_rejections${onCluster} AS
      SELECT stream_seq, reason, detail, source, id, rental_id, subject, raw, received_at
      FROM ${db}.usage_outcomes WHERE outcome = 'rejected'`,
    `CREATE VIEW IF NOT EXISTS ${db}.usage_duplicates${onCluster} AS
      SELECT stream_seq, first_seq, source, id, rental_id, subject, received_at
      FROM ${db}.usage_outcomes WHERE outcome = 'duplicate'`,
  ],
};

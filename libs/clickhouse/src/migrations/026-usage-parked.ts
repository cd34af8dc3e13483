import type { Migration } from './render';

/**
 * Usage whose rental is not known yet is parked here and its message acked, instead of being put back
 * on the broker again and again until the rental arrives: a burst of such events would otherwise hold
 * the consumer's ack-pending slots for the whole grace period and stall every other event behind them.
 * A parked event is resolved when its outcome row is written (accepted once the rental is known, or
 * rejected as unknown_rental after the grace); the later row with resolved = 1 replaces the parked one.
 */
export const usageParkedMigration: Migration = {
  version: 26,
  name: 'usage parked until its rental is known',
  // On a cluster, sharded as 025 shards every table: by its ORDER BY column.
  statements: ({ db, onCluster, engine, dedupSettings, shardedTable }) =>
    shardedTable('usage_parked', 'stream_seq', (name) => `CREATE TABLE IF NOT EXISTS ${db}.${name}${onCluster} (
      stream_seq UInt64 COMMENT 'position of the message, as usage_outcomes.stream_seq; its outcome row has the same value once resolved',
      rental_id String COMMENT 'the rental the event names, not known when it was parked',
      subject String COMMENT 'the NATS subject the message came on',
      raw String COMMENT 'the payload as received, checked again when the event is re-examined',
      received_at DateTime64(3, 'UTC') COMMENT 'when JetStream stored the message: the grace for its rental runs from here',
      resolved UInt8 COMMENT '0 while parked; 1 once its outcome row is written (this row replaces the parked one)',
      recorded_at DateTime64(3, 'UTC') DEFAULT now64(3, 'UTC') COMMENT 'when this row was written (ClickHouse clock)'
    ) ENGINE = ${engine('ReplacingMergeTree', name, 'resolved')}
    ORDER BY stream_seq
    SETTINGS ${dedupSettings()}
    COMMENT 'Usage events waiting for their rental, acked on the broker; resolved when their usage_outcomes row is written'`),
};

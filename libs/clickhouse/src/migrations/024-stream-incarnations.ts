import type { Migration } from './render';

/**
 * The incarnations of the USAGE stream: a stream recreated without its storage (a broker that lost
 * its disk) numbers its messages from 1 again, so metering stores `offset + stream sequence` and keeps
 * the offset of each incarnation here, keyed by the stream's creation time as the broker reports it.
 */
export const streamIncarnationsMigration: Migration = {
  version: 24,
  name: 'stream incarnations: the sequence offset of each USAGE stream the broker created',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.stream_incarnations${onCluster} (
      stream LowCardinality(String) COMMENT 'the JetStream stream (USAGE)',
      created String COMMENT 'the stream''s creation time as the broker reports it (RFC 3339, nanoseconds): one value per incarnation',
      seq_offset UInt64 COMMENT 'added to this incarnation''s stream sequences to give usage_outcomes.stream_seq: 0 for the first, above every earlier sequence for a later one',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when metering first met this incarnation (the service clock)'
    ) ENGINE = ${engine('ReplacingMergeTree', 'stream_incarnations')}
    ORDER BY (stream, created)
    SETTINGS ${dedupSettings()}
    COMMENT 'One row per incarnation of the USAGE stream and the offset its sequences are stored with'`,
    `ALTER TABLE ${db}.usage_outcomes${onCluster}
      COMMENT COLUMN stream_seq 'position of the message: its USAGE stream sequence plus the offset of the stream''s incarnation (stream_incarnations; 0 unless the stream was recreated); unique per row, except that a replayed rejection also has an accepted row (reason replayed) under the same position'`,
  ],
};

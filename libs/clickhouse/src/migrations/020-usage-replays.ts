import type { Migration } from './render';

/**
 * The record of usage replays (`hourglass rejections replay`): who asked, when, with which filter,
 * and which stream sequences it re-checked and accepted. Append-only: a run writes one row when it
 * starts (the sequences it found) and one when it finishes (the sequences it accepted), so a run
 * killed midway is still on record. The accepted usage itself is a second usage_outcomes row of the
 * same stream sequence (outcome 'accepted', reason 'replayed'); see libs/metering/README.md.
 */
export const usageReplaysMigration: Migration = {
  version: 20,
  name: 'usage replays: the record of re-checked rejections',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.usage_replays${onCluster} (
      replay_id String COMMENT 'rpl_<id>: one replay run',
      phase LowCardinality(String) COMMENT 'started (the candidates found) or finished (what became of them); a run killed midway has only started',
      requested_by String COMMENT 'the token name that asked for the replay',
      requested_at DateTime64(3, 'UTC') COMMENT 'when the replay was asked for (the service clock)',
      reason LowCardinality(String) COMMENT 'the rejection reason replayed (unknown_rental)',
      since Nullable(DateTime64(3, 'UTC')) COMMENT 'filter: rejections received at or after this instant; null for all',
      rental_filter String COMMENT 'filter: only this rental id; empty for all',
      candidate_seqs Array(UInt64) COMMENT 'USAGE stream sequences of the rejections re-checked',
      accepted_seqs Array(UInt64) COMMENT 'phase finished: stream sequences accepted by this run (an accepted row written with reason replayed)',
      still_rejected_seqs Array(UInt64) COMMENT 'phase finished: stream sequences whose cause is not fixed yet; they stay rejected and may be replayed later',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when this row was written (the service clock)'
    ) ENGINE = ${engine('MergeTree', 'usage_replays')}
    ORDER BY (requested_at, replay_id, phase)
    SETTINGS ${dedupSettings()}
    COMMENT 'Append-only record of usage replays: who replayed which rejected stream sequences, and when'`,
    // A replayed sequence has two rows now: the original rejection and the accepted row of the replay.
    `ALTER TABLE ${db}.usage_outcomes${onCluster}
      COMMENT COLUMN stream_seq 'JetStream sequence of the message in the USAGE stream; unique per row, except that a replayed rejection also has an accepted row (reason replayed) under the same sequence',
      COMMENT COLUMN reason 'rejection reason code (CONTRACTS §3) for a rejected row; replayed for an accepted row written by a usage replay (usage_replays); empty otherwise'`,
  ],
};

import type { Migration } from './render';

/**
 * The rating job's durable progress. A tick that rates anything appends a `started` row before
 * its first rated_usage row, and a `completed` row last, after its rows, spend and alerts. The
 * newest completed row is where the next tick (or a restarted process) resumes; the newest row of
 * either status gives the next rating_seq, so a tick that died half-way never shares its sequence
 * with the retry. `gaps` and `price_books` are the job's own JSON state (libs/rating-job): stream
 * sequences below the watermark that had no outcome row yet, and what each price book's hours
 * were rated with, with any re-rating in progress.
 */
export const ratingRunsMigration: Migration = {
  version: 5,
  name: 'rating runs: rated_usage watermark, gaps and price book fingerprints',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.rating_runs${onCluster} (
      rating_seq UInt64,
      status LowCardinality(String),
      usage_watermark UInt64,
      gaps String,
      price_books String,
      cells UInt32,
      rows UInt32,
      started_at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'rating_runs')}
    ORDER BY (rating_seq, status)
    SETTINGS ${dedupSettings()}`,
  ],
};

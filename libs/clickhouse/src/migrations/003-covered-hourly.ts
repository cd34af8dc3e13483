import type { Migration } from './render';

/**
 * Covered GPU-ms per rental and hour, for dashboards; overlaps and resends count once. The union is
 * written out here as it was released (the same as coveredPiecesSql, clipped to the rental's window),
 * not called: a change to the live builder must not change what a fresh install creates.
 */
export const coveredHourlyMigration: Migration = {
  version: 3,
  name: 'usage_covered_hourly roll-up',
  statements: ({ db, onCluster }) => [
    `CREATE VIEW IF NOT EXISTS ${db}.usage_covered_hourly${onCluster} AS
      SELECT rental_id, customer_id, operator_id,
        toDateTime64(h * 3600, 3, 'UTC') AS hour,
        sum(least(end_ms, (h + 1) * 3600000) - greatest(start_ms, h * 3600000)) AS covered_ms,
        toUInt64(covered_ms) * any(gpu_count) AS gpu_ms
      FROM (
    SELECT p.rental_id AS rental_id, r.customer_id AS customer_id, r.operator_id AS operator_id,
      r.gpu_count AS gpu_count,
      greatest(p.piece_start_ms, toUnixTimestamp64Milli(r.started_at)) AS start_ms,
      least(p.piece_end_ms, ifNull(toUnixTimestamp64Milli(r.ended_at), p.piece_end_ms)) AS end_ms
    FROM (
    SELECT rental_id, greatest(s, prev_end) AS piece_start_ms, e AS piece_end_ms
    FROM (
      SELECT rental_id, s, e,
        max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT DISTINCT rental_id,
          toUnixTimestamp64Milli(interval_start) AS s,
          toUnixTimestamp64Milli(interval_end) AS e
        FROM ${db}.usage_outcomes
        WHERE outcome = 'accepted' AND (1)
      )
    )
    WHERE e > greatest(s, prev_end)) AS p
    INNER JOIN ${db}.rentals AS r ON r.rental_id = p.rental_id
    WHERE end_ms > start_ms)
      ARRAY JOIN range(toUInt64(intDiv(start_ms, 3600000)), toUInt64(intDiv(end_ms - 1, 3600000) + 1)) AS h
      GROUP BY rental_id, customer_id, operator_id, h`,
  ],
};

import { coveredClippedSql } from './covered-time.sql';
import type { Migration } from './render';

/** Covered GPU-ms per rental and hour, for dashboards; overlaps and resends count once. */
export const coveredHourlyMigration: Migration = {
  version: 3,
  name: 'usage_covered_hourly roll-up',
  statements: ({ db, onCluster }) => [
    `CREATE VIEW IF NOT EXISTS ${db}.usage_covered_hourly${onCluster} AS
      SELECT rental_id, customer_id, operator_id,
        toDateTime64(h * 3600, 3, 'UTC') AS hour,
        sum(least(end_ms, (h + 1) * 3600000) - greatest(start_ms, h * 3600000)) AS covered_ms,
        toUInt64(covered_ms) * any(gpu_count) AS gpu_ms
      FROM (${coveredClippedSql(db)})
      ARRAY JOIN range(toUInt64(intDiv(start_ms, 3600000)), toUInt64(intDiv(end_ms - 1, 3600000) + 1)) AS h
      GROUP BY rental_id, customer_id, operator_id, h`,
  ],
};

/*
 * SQL of the rating job, built by small pure functions over a quoted database name. Every value
 * is a bound parameter; nothing from input is spliced. Hours are numbered h = intDiv(ms, 3600000)
 * in SQL and carried as start-of-hour milliseconds in TypeScript.
 */
import { MS_PER_HOUR } from '@hourglass/time';

/** The hours [start, end) of an interval touches (intervals are validated non-empty). */
const HOURS_OF_INTERVAL = `range(
      toUInt64(intDiv(toUnixTimestamp64Milli(interval_start), ${MS_PER_HOUR})),
      toUInt64(intDiv(toUnixTimestamp64Milli(interval_end) - 1, ${MS_PER_HOUR}) + 1))`;

const OUTCOME_COLUMNS = `stream_seq AS seq, outcome = 'accepted' AS accepted, rental_id,
      toUnixTimestamp64Milli(interval_start) AS start_ms, toUnixTimestamp64Milli(interval_end) AS end_ms`;

export function outcomesAfterSql(db: string): string {
  return `SELECT ${OUTCOME_COLUMNS}
    FROM ${db}.usage_outcomes
    WHERE stream_seq > {after:UInt64}
    ORDER BY stream_seq
    LIMIT {limit:UInt32}`;
}

/** Params: lo, hi (the bounds of all gaps, for the index), froms, tos (each gap), limit. */
export function outcomesInGapsSql(db: string): string {
  return `SELECT ${OUTCOME_COLUMNS}
    FROM ${db}.usage_outcomes
    WHERE stream_seq >= {lo:UInt64} AND stream_seq <= {hi:UInt64}
      AND arrayExists((f, t) -> stream_seq >= f AND stream_seq <= t, {froms:Array(UInt64)}, {tos:Array(UInt64)})
    ORDER BY stream_seq
    LIMIT {limit:UInt32}`;
}

/**
 * Cells (rental, hour) with accepted usage of some rentals from an hour on, strictly after a cursor
 * in (rental_id, hour) order. Params: rentals, fromMs, fromHour, afterRental, afterHour, limit.
 */
export function cellsSinceSql(db: string): string {
  return `SELECT DISTINCT rental_id, toString(h * ${MS_PER_HOUR}) AS hour_ms
    FROM ${db}.usage_outcomes
    ARRAY JOIN ${HOURS_OF_INTERVAL} AS h
    WHERE outcome = 'accepted' AND rental_id IN {rentals:Array(String)}
      AND interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')
      AND h >= {fromHour:UInt64}
      AND (rental_id > {afterRental:String} OR (rental_id = {afterRental:String} AND h > {afterHour:Int64}))
    ORDER BY rental_id, h
    LIMIT {limit:UInt32}`;
}

/**
 * The union of accepted intervals inside each requested cell: every interval is cut to each hour
 * it touches, repeats collapse under DISTINCT, and within a cell each piece keeps only what lies
 * after the furthest end before it (the same union as coveredPiecesSql, partitioned by hour).
 * The pieces are disjoint, so overlapping and resent intervals count once.
 * Params: rentals, fromMs, toMs (bounds of all cells), cells ('<rental_id>@<h>').
 */
export function cellPiecesSql(db: string): string {
  return `SELECT rental_id, toString(h * ${MS_PER_HOUR}) AS hour_ms, greatest(s, prev_end) AS start_ms, e AS end_ms
    FROM (
      SELECT rental_id, h, s, e,
        max(e) OVER (PARTITION BY rental_id, h ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT DISTINCT rental_id, h,
          greatest(toUnixTimestamp64Milli(interval_start), toInt64(h) * ${MS_PER_HOUR}) AS s,
          least(toUnixTimestamp64Milli(interval_end), (toInt64(h) + 1) * ${MS_PER_HOUR}) AS e
        FROM ${db}.usage_outcomes
        ARRAY JOIN ${HOURS_OF_INTERVAL} AS h
        WHERE outcome = 'accepted' AND rental_id IN {rentals:Array(String)}
          AND interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')
          AND interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
          AND concat(rental_id, '@', toString(h)) IN {cells:Array(String)}
      )
    )
    WHERE e > greatest(s, prev_end)`;
}

/** The cell key cellPiecesSql matches on; the hour number is digits only, so the key is unambiguous. */
export function sqlCellKey(rentalId: string, hourStartMs: number): string {
  return `${rentalId}@${hourStartMs / MS_PER_HOUR}`;
}

/**
 * Exact spend per customer and currency over one month of the rated_usage view's rows (the newest
 * rating of each cell), written out so the month and the customers' rentals narrow the inner
 * max(rating_seq) instead of the view's whole-table GROUP BY. Params: customers, fromMs, toMs.
 */
export function spendSql(db: string): string {
  const month = `hour >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND hour < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')`;
  return `SELECT customer_id, currency, toString(sum(exact_amount)) AS amount
    FROM ${db}.rated_usage_versions
    WHERE customer_id IN {customers:Array(String)} AND ${month}
      AND (rental_id, hour, rating_seq) IN (
        SELECT rental_id, hour, max(rating_seq)
        FROM ${db}.rated_usage_versions
        WHERE ${month} AND rental_id IN (
          SELECT DISTINCT rental_id FROM ${db}.rated_usage_versions WHERE customer_id IN {customers:Array(String)} AND ${month})
        GROUP BY rental_id, hour)
    GROUP BY customer_id, currency`;
}

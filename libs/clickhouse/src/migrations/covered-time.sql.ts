/**
 * The union of a rental's accepted intervals, in SQL: sorted by start, each interval keeps only what
 * lies after the furthest end seen before it. The pieces are disjoint, so repeated and overlapping
 * resends count once, and re-inserted rows (a retried write) change nothing.
 *
 * No DISTINCT is needed for repeats, and none is taken (it was, until a month of the demo showed the
 * hash DISTINCT over every event at three times the cost of the rest): of two equal (s, e) rows the
 * later one sees the other's end as prev_end and keeps nothing, and a repeat changes no running max,
 * so the pieces are the same rows. tests/integration/covered-time.properties.test.ts holds the two
 * forms to the same pieces.
 *
 * `where` filters usage_outcomes rows (e.g. a period); it is SQL text built by the caller from bound
 * parameters, never from input.
 */
export function coveredPiecesSql(db: string, where = '1'): string {
  return `
    SELECT rental_id, greatest(s, prev_end) AS piece_start_ms, e AS piece_end_ms
    FROM (
      SELECT rental_id, s, e,
        max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT rental_id,
          toUnixTimestamp64Milli(interval_start) AS s,
          toUnixTimestamp64Milli(interval_end) AS e
        FROM ${db}.usage_outcomes
        WHERE outcome = 'accepted' AND (${where})
      )
    )
    WHERE e > greatest(s, prev_end)`;
}


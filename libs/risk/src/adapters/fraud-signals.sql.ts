import { coveredPiecesSql } from '@hourglass/clickhouse';

/**
 * The SQL of each fraud rule (domain/fraud-rules.ts), built by pure functions and tested as text and
 * against chDB. Every query binds {from:Int64} and {to:Int64} (window, epoch ms) and the rule's
 * thresholds; `db` is the quoted database name, never input. Each returns the rows that fire, with
 * `subject_id`, `value` and `detail` (a JSON object of the figures behind the value).
 */

const FROM = "fromUnixTimestamp64Milli({from:Int64}, 'UTC')";
const TO = "fromUnixTimestamp64Milli({to:Int64}, 'UTC')";

/**
 * node_overcommit: per node, Σ over its rentals of covered GPU-ms in the window (the union of each
 * rental's intervals, CONTRACTS §3, so resends do not count) against window × the largest GPU count
 * rented on the node. Above `ratio` (default 1.05), two rentals bill the same GPUs at once, or an
 * agent reports time that did not pass. A node's size is not known to Hourglass: the largest rental
 * on it stands for it, which is exact for nodes rented whole.
 */
export function nodeOvercommitSql(db: string): string {
  const overlapsWindow = `interval_end > ${FROM} AND interval_start < ${TO}`;
  return `
    SELECT concat(r.operator_id, '/', r.node_id) AS subject_id,
           sum(toInt64(least(p.piece_end_ms, {to:Int64}) - greatest(p.piece_start_ms, {from:Int64})) * r.gpu_count) AS covered_gpu_ms,
           max(r.gpu_count) AS node_gpus,
           covered_gpu_ms / (node_gpus * ({to:Int64} - {from:Int64})) AS value,
           toJSONString(map('operatorId', r.operator_id, 'nodeId', r.node_id, 'coveredGpuMs', toString(covered_gpu_ms), 'nodeGpus', toString(node_gpus))) AS detail
    FROM (${coveredPiecesSql(db, overlapsWindow)}) AS p
    INNER JOIN (SELECT rental_id, operator_id, node_id, gpu_count FROM ${db}.rentals) AS r ON p.rental_id = r.rental_id
    WHERE p.piece_end_ms > {from:Int64} AND p.piece_start_ms < {to:Int64}
    GROUP BY r.operator_id, r.node_id
    HAVING value > {ratio:Float64}
    ORDER BY subject_id`;
}

/**
 * overlapping_resends: per operator, events received in the window that overlap an earlier accepted
 * event of the same rental (a resend under a new id) plus exact resends (duplicates), over all its
 * events. Fires at `ratio` (default 0.2) with at least `min` (default 50) such events: agents resend
 * after a timeout, but a steady share of overlap is an agent padding its reports.
 */
export function overlappingResendsSql(db: string): string {
  return `
    SELECT operator_id AS subject_id,
           countIf(outcome = 'duplicate') + countIf(outcome = 'accepted' AND s < prev_end) AS resends,
           count() AS events,
           resends / events AS value,
           toJSONString(map('resends', toString(resends), 'events', toString(events), 'duplicates', toString(countIf(outcome = 'duplicate')))) AS detail
    FROM (
      SELECT operator_id, outcome, toUnixTimestamp64Milli(interval_start) AS s,
             if(outcome = 'accepted',
                max(if(outcome = 'accepted', toUnixTimestamp64Milli(interval_end), 0)) OVER (PARTITION BY rental_id ORDER BY interval_start, stream_seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                0) AS prev_end
      FROM ${db}.usage_outcomes
      WHERE outcome IN ('accepted', 'duplicate') AND received_at >= ${FROM} AND received_at < ${TO}
    )
    GROUP BY operator_id
    HAVING resends >= {min:UInt64} AND value >= {ratio:Float64}
    ORDER BY subject_id`;
}

/**
 * outside_rental_window: per operator, events received in the window that lie wholly outside their
 * rental's window (rejected `outside_rental_window`) or partly outside it (accepted, and clipped by
 * billing). At least `min` (default 10): an agent that keeps reporting on a node after its rental
 * ended is reporting for someone else, or for no one.
 */
export function outsideRentalWindowSql(db: string): string {
  return `
    SELECT operator_id AS subject_id, sum(rejected) + sum(partial) AS value,
           toJSONString(map('rejected', toString(sum(rejected)), 'partlyOutside', toString(sum(partial)))) AS detail
    FROM (
      SELECT operator_id, count() AS rejected, toUInt64(0) AS partial
      FROM ${db}.usage_outcomes
      WHERE outcome = 'rejected' AND reason = 'outside_rental_window' AND received_at >= ${FROM} AND received_at < ${TO}
      GROUP BY operator_id
      UNION ALL
      SELECT u.operator_id AS operator_id, toUInt64(0) AS rejected, count() AS partial
      FROM ${db}.usage_outcomes AS u
      INNER JOIN (SELECT rental_id, started_at, ended_at FROM ${db}.rentals) AS r ON u.rental_id = r.rental_id
      WHERE u.outcome = 'accepted' AND u.received_at >= ${FROM} AND u.received_at < ${TO}
        AND (u.interval_start < r.started_at OR (r.ended_at IS NOT NULL AND u.interval_end > assumeNotNull(r.ended_at)))
      GROUP BY u.operator_id
    )
    GROUP BY operator_id
    HAVING value >= {min:UInt64}
    ORDER BY subject_id`;
}

/**
 * zero_utilization: per rental, the longest stretch of accepted intervals in the window reported at
 * exactly 0 % utilisation, with no other report and no gap over five minutes inside it. At least
 * `minMs` (default 6 h): billed GPUs that do nothing for hours are idle capacity billed, or an agent
 * reporting time for a node nobody uses. Intervals without a utilisation figure break no stretch
 * and extend none.
 */
export function zeroUtilizationSql(db: string): string {
  return `
    SELECT rental_id AS subject_id, max(stretch_ms) AS value,
           toJSONString(map('customerId', any(customer_id), 'operatorId', any(operator_id), 'longestMs', toString(max(stretch_ms)))) AS detail
    FROM (
      SELECT rental_id, island, any(customer_id) AS customer_id, any(operator_id) AS operator_id, max(e) - min(s) AS stretch_ms
      FROM (
        SELECT rental_id, customer_id, operator_id, s, e, zero,
               sum(if(NOT zero OR s > prev_end + 300000, 1, 0)) OVER (PARTITION BY rental_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
        FROM (
          SELECT rental_id, customer_id, operator_id, s, e, zero,
                 max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
          FROM (
            SELECT DISTINCT rental_id, customer_id, operator_id,
                   greatest(toUnixTimestamp64Milli(interval_start), {from:Int64}) AS s,
                   least(toUnixTimestamp64Milli(interval_end), {to:Int64}) AS e,
                   assumeNotNull(gpu_utilization_pct) = 0 AS zero
            FROM ${db}.usage_outcomes
            WHERE outcome = 'accepted' AND gpu_utilization_pct IS NOT NULL
              AND interval_end > ${FROM} AND interval_start < ${TO}
          )
        )
      )
      WHERE zero
      GROUP BY rental_id, island
    )
    GROUP BY rental_id
    HAVING value >= {minMs:Int64}
    ORDER BY subject_id`;
}

/**
 * rental_velocity: per customer, rentals started in the window against the mean per window over the
 * `baseline` windows before it. Fires at `factor` × that mean (default 3) and at least `min` (default
 * 10) new rentals: a stolen card or account rents as much as it can, fast.
 */
export function rentalVelocitySql(db: string): string {
  return `
    SELECT customer_id AS subject_id,
           countIf(started_at >= ${FROM}) AS current,
           countIf(started_at < ${FROM}) / {baseline:UInt32} AS mean_before,
           current / greatest(mean_before, 1) AS value,
           toJSONString(map('newRentals', toString(current), 'meanBefore', toString(mean_before))) AS detail
    FROM ${db}.rentals
    WHERE started_at >= fromUnixTimestamp64Milli({from:Int64} - {baseline:UInt32} * ({to:Int64} - {from:Int64}), 'UTC') AND started_at < ${TO}
    GROUP BY customer_id
    HAVING current >= {min:UInt64} AND current >= {factor:Float64} * mean_before
    ORDER BY subject_id`;
}

/**
 * spend_jump: per customer and currency, rated spend (rated_usage, exact amounts) in the window
 * against the mean per window over the `baseline` windows before it. Fires at `factor` × that mean
 * (default 3) with at least `min` (default 1000) spent in the window. The comparison is a heuristic
 * on Float64 ratios; the amounts in the detail are the exact decimals.
 */
export function spendJumpSql(db: string): string {
  return `
    SELECT concat(customer_id, '/', currency) AS subject_id,
           sumIf(exact_amount, hour >= ${FROM}) AS current,
           sumIf(exact_amount, hour < ${FROM}) AS before,
           toFloat64(current) / greatest(toFloat64(before) / {baseline:UInt32}, 1e-9) AS value,
           toJSONString(map('customerId', customer_id, 'currency', currency, 'spend', toString(current), 'meanBefore', toString(toFloat64(before) / {baseline:UInt32}))) AS detail
    FROM ${db}.rated_usage
    WHERE hour >= fromUnixTimestamp64Milli({from:Int64} - {baseline:UInt32} * ({to:Int64} - {from:Int64}), 'UTC') AND hour < ${TO}
    GROUP BY customer_id, currency
    HAVING toFloat64(current) >= {min:Float64} AND toFloat64(current) >= {factor:Float64} * toFloat64(before) / {baseline:UInt32}
    ORDER BY subject_id`;
}

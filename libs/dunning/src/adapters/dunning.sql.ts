/**
 * The SQL of dunning, built by small pure functions (testable as text). `db` is the quoted database.
 * Every read of a ReplacingMergeTree uses FINAL; a case's state is its fact with the greatest step.
 */

/** Finalized invoices still owed after a failed payment, with no `started` fact yet. */
export function candidatesSql(db: string): string {
  return `SELECT f.invoice_id AS invoice_id, b.customer_id AS customer_id, b.currency AS currency,
      toString(b.amount_due) AS amount_due, toString(toUnixTimestamp64Milli(min(f.occurred_at))) AS failed_at_ms
    FROM ${db}.payment_facts_resolved AS f
    INNER JOIN (
      SELECT invoice_id, customer_id, currency, amount_due FROM ${db}.invoice_balances
      WHERE status IN ('finalized', 'uncollectible') AND amount_due > 0
        AND invoice_id IN (SELECT invoice_id FROM ${db}.payment_facts_resolved WHERE kind = 'failed')
    ) AS b ON b.invoice_id = f.invoice_id
    WHERE f.kind = 'failed' AND f.invoice_id != ''
      AND f.invoice_id NOT IN (SELECT invoice_id FROM ${db}.dunning_facts WHERE event = 'started')
    GROUP BY invoice_id, customer_id, currency, amount_due
    ORDER BY failed_at_ms, invoice_id
    LIMIT {limit:UInt32}`;
}

export function balancesSql(db: string): string {
  return `SELECT invoice_id, toString(amount_due) AS amount_due, status FROM ${db}.invoice_balances WHERE invoice_id IN {ids:Array(String)}`;
}

/**
 * One row per case: its latest fact (by step), retries made, and when it failed. next_attempt_at goes
 * through a tuple: argMax skips NULL values, and a NULL (no retry left) must win when it is the latest.
 */
function latestCasesSql(db: string): string {
  return `SELECT invoice_id,
      argMax(customer_id, step) AS customer_id, argMax(segment, step) AS segment, argMax(currency, step) AS currency,
      toString(argMax(amount, step)) AS amount, argMax(state, step) AS state,
      maxIf(attempt, event = 'retry_attempted') AS attempts_made, argMax(attempts_max, step) AS attempts_max,
      toString(toUnixTimestamp64Milli(argMax(tuple(next_attempt_at), step).1)) AS next_attempt_at_ms,
      toString(toUnixTimestamp64Milli(argMax(failed_at, step))) AS failed_at_ms,
      toString(toUnixTimestamp64Milli(argMax(grace_ends_at, step))) AS grace_ends_at_ms,
      toString(toUnixTimestamp64Milli(argMax(started_at, step))) AS started_at_ms,
      toString(if(countIf(event = 'retry_attempted') = 0, 0, toUnixTimestamp64Milli(maxIf(occurred_at, event = 'retry_attempted')))) AS last_attempt_at_ms,
      argMaxIf(detail, step, event = 'started') AS schedule_json,
      toString(toUnixTimestamp64Milli(max(occurred_at))) AS updated_at_ms
    FROM ${db}.dunning_facts FINAL
    GROUP BY invoice_id`;
}

export function queueSql(db: string, filter: { states: boolean; customer: boolean; after: boolean }): string {
  const where = [
    filter.states ? 'state IN {states:Array(String)}' : '',
    filter.customer ? 'customer_id = {customerId:String}' : '',
    filter.after ? 'invoice_id > {after:String}' : '',
  ].filter((s) => s.length > 0);
  return `SELECT * FROM (${latestCasesSql(db)})
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY invoice_id LIMIT {limit:UInt32}`;
}

export function openCasesSql(db: string): string {
  return `SELECT * FROM (${latestCasesSql(db)})
    WHERE state IN ('scheduled', 'exhausted') ORDER BY invoice_id LIMIT {limit:UInt32}`;
}

export function suspensionsSql(db: string): string {
  return `SELECT customer_id, argMax(action, seq) AS last_action, max(seq) AS last_seq
    FROM ${db}.suspension_facts FINAL GROUP BY customer_id ORDER BY customer_id`;
}

/**
 * Recovery rate per currency = Σ amount of recovered cases ÷ Σ amount of every case, where a case's
 * amount is what was due when its payment failed (README "Metrics").
 */
export function amountsSql(db: string): string {
  return `SELECT currency, toString(sumIf(amount, event = 'started')) AS failed, toString(sumIf(amount, event = 'recovered')) AS recovered
    FROM ${db}.dunning_facts FINAL WHERE event IN ('started', 'recovered') GROUP BY currency ORDER BY currency`;
}

/** Seconds from the failed payment to the recovery of each recovered case (bounded to the latest 10,000). */
export function recoverySecondsSql(db: string): string {
  return `SELECT toString(dateDiff('millisecond', failed_at, occurred_at) / 1000) AS seconds
    FROM ${db}.dunning_facts FINAL WHERE event = 'recovered' ORDER BY occurred_at DESC LIMIT 10000`;
}

export function casesByStateSql(db: string): string {
  return `SELECT state, toString(count()) AS cases FROM (SELECT invoice_id, argMax(state, step) AS state FROM ${db}.dunning_facts FINAL GROUP BY invoice_id) GROUP BY state ORDER BY state`;
}

export function suspendedCustomersSql(db: string): string {
  return `SELECT toString(countIf(last_action = 'suspend')) AS n FROM (${suspensionsSql(db)})`;
}

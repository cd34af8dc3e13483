/**
 * SQL of the disputes module, built by small pure functions over the database name. Payments',
 * invoicing's and metering's tables are read by SQL only: disputes never writes them.
 */
export function disputeEventsSql(db: string, where: string[]): string {
  return `SELECT fact_id, dispute_id, provider, event_type, status, psp_status, funds, reason, payment_ref, invoice_id,
      customer_id, currency, amount, toUnixTimestamp64Milli(due_by) AS due_by_ms, toUnixTimestamp64Milli(occurred_at) AS occurred_ms
    FROM ${db}.dispute_facts FINAL
    WHERE dispute_id IN (
      SELECT dispute_id FROM ${db}.dispute_facts FINAL
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY dispute_id ORDER BY dispute_id LIMIT {limit:UInt32})
    ORDER BY dispute_id, fact_id`;
}

export function customerSql(db: string): string {
  return `SELECT customer_id, name, country FROM ${db}.customers WHERE customer_id = {id:String} LIMIT 1`;
}

export function invoiceSql(db: string): string {
  return `SELECT i.invoice_id AS invoice_id, i.number AS number, i.period AS period, toUnixTimestamp64Milli(i.period_start) AS start_ms,
      toUnixTimestamp64Milli(i.period_end) AS end_ms, toUnixTimestamp64Milli(i.issued_at) AS issued_ms, i.currency AS currency,
      i.total AS total, ifNull(b.status, 'draft') AS status
    FROM ${db}.invoices AS i FINAL
    LEFT JOIN (SELECT invoice_id, status FROM ${db}.invoice_balances WHERE invoice_id = {id:String}) AS b ON b.invoice_id = i.invoice_id
    WHERE i.invoice_id = {id:String} LIMIT 1
    SETTINGS join_use_nulls = 1`;
}

export function invoiceLinesSql(db: string): string {
  return `SELECT line_no, kind, rental_id, operator_id, service_period, quantity_gpu_hours, unit_price_text, amount, operator_share, platform_fee, description
    FROM ${db}.invoice_lines FINAL WHERE invoice_id = {id:String} ORDER BY line_no`;
}

export function rentalsSql(db: string): string {
  return `SELECT rental_id, operator_id, datacenter_id, node_id, gpu_model, gpu_count, pricing_class, price_book_id,
      toUnixTimestamp64Milli(started_at) AS started_ms, toUnixTimestamp64Milli(ended_at) AS ended_ms, commitment_term_months, commitment_auto_renew
    FROM ${db}.rentals WHERE rental_id IN {ids:Array(String)} ORDER BY rental_id`;
}

/** Covered time per rental and UTC day from the hourly roll-up (CONTRACTS §3's union: overlaps once). */
export function coveredDailySql(db: string): string {
  return `SELECT toString(toDate(hour)) AS day, rental_id, sum(covered_ms) AS covered_ms, sum(gpu_ms) AS gpu_ms
    FROM ${db}.usage_covered_hourly
    WHERE rental_id IN {ids:Array(String)} AND hour >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND hour < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
    GROUP BY day, rental_id ORDER BY day, rental_id`;
}

/** What the agents reported per rental and UTC day: node, utilisation and energy where present. */
export function reportedDailySql(db: string): string {
  return `SELECT toString(toDate(interval_start)) AS day, rental_id, any(node_id) AS node_id, count() AS events,
      if(countIf(gpu_utilization_pct IS NOT NULL) = 0, NULL, avg(gpu_utilization_pct)) AS util,
      if(countIf(energy_wh IS NOT NULL) = 0, NULL, sum(energy_wh)) AS energy_wh
    FROM ${db}.usage_outcomes
    WHERE outcome = 'accepted' AND rental_id IN {ids:Array(String)}
      AND interval_start >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
    GROUP BY day, rental_id ORDER BY day, rental_id`;
}

export function paymentsSql(db: string): string {
  return `SELECT kind, provider, amount, currency, payment_ref, toUnixTimestamp64Milli(occurred_at) AS occurred_ms
    FROM ${db}.payment_facts_resolved WHERE invoice_id = {id:String} AND kind IN ('captured', 'recorded', 'refunded')
    ORDER BY occurred_at, fact_id`;
}

/**
 * CONTRACTS §9 `hourglass_disputes_chargeback_rate`: captured payments and disputes opened per month,
 * processor and currency. A dispute counts once, in the month of its first event, for its amount.
 */
export function monthActivitySql(db: string): string {
  return `SELECT month, provider, currency, sum(payments) AS payments, sum(payments_amount) AS payments_amount,
      sum(disputes) AS disputes, sum(disputed) AS disputed
    FROM (
      SELECT formatDateTime(occurred_at, '%Y-%m') AS month, provider, currency, toUInt64(count()) AS payments,
        sum(amount) AS payments_amount, toUInt64(0) AS disputes, toDecimal128(0, 12) AS disputed
      FROM ${db}.payment_facts FINAL
      WHERE kind = 'captured' AND occurred_at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')
      GROUP BY month, provider, currency
      UNION ALL
      SELECT formatDateTime(opened, '%Y-%m') AS month, provider, currency, toUInt64(0) AS payments,
        toDecimal128(0, 12) AS payments_amount, toUInt64(count()) AS disputes, sum(amount) AS disputed
      FROM (SELECT dispute_id, any(provider) AS provider, any(currency) AS currency, min(occurred_at) AS opened, max(amount) AS amount
            FROM ${db}.dispute_facts FINAL GROUP BY dispute_id)
      WHERE opened >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')
      GROUP BY month, provider, currency
    )
    GROUP BY month, provider, currency ORDER BY month, provider, currency`;
}

/**
 * What invoicing recorded that the ledger has not posted: each query lists facts by the transaction id
 * they will get (`concat(prefix, fact id)`), after a page's last id, leaving out ids already in
 * `ledger_entries`. Reads invoicing's tables (migration 004) as they are; they never change in place.
 */
const FINALIZED_EVENTS = (db: string, status: string) => `(
  SELECT invoice_id, argMin(event_id, at) AS first_event_id, min(at) AS first_at
  FROM ${db}.invoice_status_events FINAL WHERE status = '${status}' GROUP BY invoice_id)`;

const INVOICE_HEADERS = (db: string) => `(
  SELECT invoice_id, any(customer_id) AS customer_id, any(currency) AS currency, any(total) AS total, any(tax_total) AS tax_total
  FROM ${db}.invoices FINAL GROUP BY invoice_id)`;

const NOT_POSTED = (db: string) =>
  `fact_txn > {after:String} AND fact_txn NOT IN (SELECT txn_id FROM ${db}.ledger_entries WHERE startsWith(txn_id, {prefix:String}))`;

export function finalizedInvoicesSql(db: string): string {
  return `SELECT concat({prefix:String}, e.invoice_id) AS fact_txn, e.invoice_id AS invoice_id, e.first_event_id AS event_id, e.first_at AS at,
      i.customer_id AS customer_id, i.currency AS currency, i.tax_total AS tax_total
    FROM ${FINALIZED_EVENTS(db, 'finalized')} AS e
    INNER JOIN ${INVOICE_HEADERS(db)} AS i ON i.invoice_id = e.invoice_id
    WHERE ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

export function chargedLinesSql(db: string): string {
  return `SELECT invoice_id, line_id, kind, operator_id, amount, operator_share, platform_fee
    FROM ${db}.invoice_lines FINAL
    WHERE invoice_id IN {ids:Array(String)} AND kind != 'credit'
    ORDER BY invoice_id, line_no`;
}

/** Credit lines count from the moment their invoice was finalized. */
export function creditsAppliedSql(db: string): string {
  return `SELECT concat({prefix:String}, l.line_id) AS fact_txn, l.line_id AS line_id, l.invoice_id AS invoice_id,
      l.customer_id AS customer_id, l.currency AS currency, l.amount AS amount, l.credit_grant_id AS credit_grant_id, e.first_at AS at
    FROM (SELECT * FROM ${db}.invoice_lines FINAL WHERE kind = 'credit') AS l
    INNER JOIN ${FINALIZED_EVENTS(db, 'finalized')} AS e ON e.invoice_id = l.invoice_id
    WHERE ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

export function creditNotesSql(db: string): string {
  return `SELECT concat({prefix:String}, credit_note_id) AS fact_txn, credit_note_id, invoice_id, customer_id, currency, amount, tax_amount, issued_at
    FROM ${db}.credit_notes FINAL
    WHERE ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}`;
}

export function voidsSql(db: string): string {
  return `SELECT concat({prefix:String}, e.invoice_id) AS fact_txn, e.invoice_id AS invoice_id, e.first_event_id AS event_id, e.first_at AS at,
      i.customer_id AS customer_id, i.currency AS currency, i.total - ifNull(c.credited, toDecimal128(0, 12)) AS uncredited,
      i.tax_total - ifNull(c.credited_tax, toDecimal128(0, 12)) AS tax_uncredited
    FROM ${FINALIZED_EVENTS(db, 'void')} AS e
    INNER JOIN ${INVOICE_HEADERS(db)} AS i ON i.invoice_id = e.invoice_id
    LEFT JOIN (SELECT invoice_id, sum(amount) AS credited, sum(tax_amount) AS credited_tax FROM ${db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = e.invoice_id
    WHERE (uncredited > 0 OR tax_uncredited > 0) AND ${NOT_POSTED(db)}
    ORDER BY fact_txn LIMIT {limit:UInt32}
    SETTINGS join_use_nulls = 1`;
}

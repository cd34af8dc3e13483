/**
 * The finance gauges' SQL, over the views of migration 12 (no FINAL needed there). `{now}` and
 * `{windowStart}` are DateTime64(3) parameters; the DSO window is [windowStart, now).
 */
export function receivablesSql(db: string): string {
  // Outstanding counts finalized and uncollectible invoices: marking an invoice uncollectible posts no
  // write-off, so the ledger's receivable accounts still hold it, and DSO agrees with the ledger.
  return `SELECT currency,
      toString(sumIf(due, status IN ('finalized', 'uncollectible'))) AS outstanding,
      toString(sumIf(total, status != 'void' AND issued_at >= {windowStart:DateTime64(3, 'UTC')} AND issued_at < {now:DateTime64(3, 'UTC')})) AS invoicedInWindow
    FROM ${db}.invoice_summary
    WHERE issued_at < {now:DateTime64(3, 'UTC')}
    GROUP BY currency ORDER BY currency`;
}

export function invoiceTotalsSql(db: string): string {
  return `SELECT currency, status, toUInt64(count()) AS invoices, toString(sum(total)) AS amount
    FROM ${db}.invoice_summary GROUP BY currency, status ORDER BY currency, status`;
}

export function payoutTotalsSql(db: string): string {
  return `SELECT currency, toString(sum(gross)) AS gross, toString(sum(platform_fee)) AS platformFee, toString(sum(net)) AS net
    FROM ${db}.operator_earnings GROUP BY currency ORDER BY currency`;
}

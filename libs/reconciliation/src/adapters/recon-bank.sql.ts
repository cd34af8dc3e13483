/**
 * The reads of the payout ↔ bank and ledger ↔ PSP pairs: payouts' tables (migration 15) and the
 * ledger's entries (migration 11) by SQL, so reconciliation imports neither module.
 */

/** Sent items (created scheduled, positive) of batches whose header exists, with each item's current status. */
export function sentPayoutItemsSql(db: string): string {
  return `SELECT i.batch_id, i.operator_id, i.currency, toString(i.amount), i.end_to_end_id, toUnixTimestamp64Milli(b.created_at),
      if(s.status = '', 'scheduled', s.status)
    FROM ${db}.payout_items AS i FINAL
    INNER JOIN (SELECT batch_id, created_at FROM ${db}.payout_batches FINAL) AS b ON b.batch_id = i.batch_id
    LEFT JOIN (
      SELECT batch_id, operator_id, currency, argMax(status, multiIf(status = 'returned', 2, 1)) AS status
      FROM ${db}.payout_item_status FINAL GROUP BY batch_id, operator_id, currency
    ) AS s ON s.batch_id = i.batch_id AND s.operator_id = i.operator_id AND s.currency = i.currency
    WHERE i.status = 'scheduled' AND i.amount > 0
      AND b.created_at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND b.created_at < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
    ORDER BY i.batch_id, i.operator_id, i.currency
    SETTINGS join_use_nulls = 0`;
}

export function bankLinesSql(db: string): string {
  return `SELECT line_id, account, entry_ref, line_no, direction, toString(amount), currency, toUnixTimestamp64Milli(booked_at), payment_info_id, end_to_end_id, return_reason
    FROM ${db}.bank_statement_lines FINAL
    WHERE booked_at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND booked_at < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
    ORDER BY line_id`;
}

/** The ledger's balances of the accounts settlement posts to, as of the cut-off (debit-positive). */
export function ledgerPspBalancesSql(db: string): string {
  return `SELECT account, currency, toString(sum(debit) - sum(credit)) AS balance
    FROM ${db}.ledger_entries FINAL
    WHERE ((startsWith(account, 'cash:') AND endsWith(account, '-payouts')) OR startsWith(account, 'psp_fees:'))
      AND occurred_at < fromUnixTimestamp64Milli({cutoffMs:Int64}, 'UTC')
    GROUP BY account, currency ORDER BY account, currency`;
}

/** What the reports say, per provider and currency: the lines the ledger's settlement feed posts. */
export function reportPspBalancesSql(db: string): string {
  return `SELECT provider, currency, toString(sum(net)) AS net, toString(sum(fee)) AS fees, count() AS lines
    FROM ${db}.psp_settlement_lines FINAL
    WHERE category IN ('charge', 'refund', 'dispute', 'fee', 'adjustment') AND provider IN ('stripe', 'adyen') AND currency != ''
      AND created_at < fromUnixTimestamp64Milli({cutoffMs:Int64}, 'UTC')
    GROUP BY provider, currency ORDER BY provider, currency`;
}

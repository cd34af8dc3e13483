import type { Migration } from './render';

/**
 * Tax on invoices and credit notes (libs/invoicing, README "Tax"). Columns added with a default of 0
 * (or ''), so every invoice written before, and every invoice of a deployment without tax rules,
 * reads exactly as it did: no tax. `total` keeps its meaning (CONTRACTS §3: Σ lines, net of tax);
 * tax lives beside it. `invoice_balances` is replaced so that what is owed includes the tax: payments'
 * amount due, overpayments and the ledger's receivable agree.
 */
export const invoiceTaxMigration: Migration = {
  version: 19,
  name: 'invoice tax',
  statements: ({ db, onCluster }) => [
    `ALTER TABLE ${db}.invoices${onCluster}
      ADD COLUMN IF NOT EXISTS tax_total Decimal(38, 12) DEFAULT 0 COMMENT 'Σ tax_amount of the lines, major units, rounded to minor units; 0 without tax',
      ADD COLUMN IF NOT EXISTS tax_treatment LowCardinality(String) DEFAULT '' COMMENT 'standard | reverse_charge | exempt | none; empty: billed before tax existed (none)',
      ADD COLUMN IF NOT EXISTS tax_rounding LowCardinality(String) DEFAULT '' COMMENT 'line | invoice: where the tax was rounded'`,
    `ALTER TABLE ${db}.invoice_lines${onCluster}
      ADD COLUMN IF NOT EXISTS tax_rate Decimal(9, 6) DEFAULT 0 COMMENT 'decimal fraction, 0.19 = 19 %',
      ADD COLUMN IF NOT EXISTS tax_name LowCardinality(String) DEFAULT '' COMMENT 'VAT, Sales tax… as the document shows it',
      ADD COLUMN IF NOT EXISTS tax_amount Decimal(38, 12) DEFAULT 0 COMMENT 'this line''s tax, major units; the lines of an invoice add up to its tax_total'`,
    `ALTER TABLE ${db}.credit_notes${onCluster}
      ADD COLUMN IF NOT EXISTS tax_amount Decimal(38, 12) DEFAULT 0 COMMENT 'tax credited with the note, major units; amount stays net'`,
    // As 009's, with tax: owed = total + tax_total − (credit notes + their tax).
    `CREATE OR REPLACE VIEW ${db}.invoice_balances${onCluster} AS
      SELECT invoice_id, customer_id, currency, base_status, total, tax_total, credit_notes, credit_notes_tax, amount_paid, amount_refunded, owed,
        if(base_status = 'paid' OR owed - amount_paid + amount_refunded < 0, toDecimal128(0, 12), owed - amount_paid + amount_refunded) AS amount_due,
        if(amount_paid - amount_refunded - owed > 0, amount_paid - amount_refunded - owed, toDecimal128(0, 12)) AS overpaid,
        if(base_status IN ('finalized', 'uncollectible') AND amount_due = 0 AND amount_paid > 0, 'paid', base_status) AS status
      FROM (
        SELECT i.invoice_id AS invoice_id, i.customer_id AS customer_id, i.currency AS currency,
          if(s.status = '', 'draft', s.status) AS base_status,
          i.total AS total, i.tax_total AS tax_total, c.credited AS credit_notes, c.credited_tax AS credit_notes_tax,
          p.paid AS amount_paid, p.refunded AS amount_refunded,
          if(base_status IN ('draft', 'void') OR i.total + i.tax_total - c.credited - c.credited_tax < 0, toDecimal128(0, 12),
             i.total + i.tax_total - c.credited - c.credited_tax) AS owed
        FROM ${db}.invoices AS i FINAL
        LEFT JOIN ${db}.invoice_status AS s ON s.invoice_id = i.invoice_id
        LEFT JOIN (SELECT invoice_id, sum(amount) AS credited, sum(tax_amount) AS credited_tax FROM ${db}.credit_notes FINAL GROUP BY invoice_id) AS c
          ON c.invoice_id = i.invoice_id
        LEFT JOIN ${db}.invoice_payment_totals AS p ON p.invoice_id = i.invoice_id
      )
      SETTINGS join_use_nulls = 0`,
    // Replacing a view drops the comments on its columns: every column is commented again here.
    `ALTER TABLE ${db}.invoice_balances${onCluster} MODIFY COMMENT 'What each invoice owes (CONTRACTS §6), tax included'`,
    `ALTER TABLE ${db}.invoice_balances${onCluster} ${Object.entries(BALANCE_COLUMNS)
      .map(([column, text]) => `COMMENT COLUMN ${column} '${text.replace(/'/g, "\\'")}'`)
      .join(', ')}`,
  ],
};

const BALANCE_COLUMNS: Record<string, string> = {
  invoice_id: 'invoice',
  customer_id: 'customer',
  currency: 'currency, ISO 4217',
  base_status: 'lifecycle status: draft, finalized, uncollectible, paid or void',
  total: 'invoice total after prepaid credits, net of tax, major units',
  tax_total: 'tax on the invoice, major units; 0 without tax',
  credit_notes: 'sum of credit notes against it, net of tax, major units',
  credit_notes_tax: 'tax given back by those credit notes, major units',
  amount_paid: 'captured and recorded payments, major units',
  amount_refunded: 'refunds, major units',
  owed: 'total + tax_total − credit notes − their tax, 0 for draft and void invoices, major units',
  amount_due: 'max(0, owed − paid + refunded); 0 when marked paid by hand; major units',
  overpaid: 'max(0, paid − refunded − owed): moved to the customer credit balance, major units',
  status: 'paid once something was paid and nothing is due, else base_status',
};

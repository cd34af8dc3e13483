import type { Migration } from './render';

/**
 * Payments (CONTRACTS §6). Webhooks are kept raw in the kernel's inbox (migration 7) before anything
 * acts on them; what they say becomes append-only facts keyed by the processor's own references, so a replay writes the
 * same ids and is merged away, and state (paid, refunded, due, credit) is derived from the set of
 * facts, never from the order they arrived in. Amounts are Decimal in major units of `currency`,
 * converted exactly from the processors' integer minor units. Hourglass keeps processor references
 * only: no card number, no bank account, nothing a PCI audit would cover.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const paymentsMigration: Migration = {
  version: 9,
  name: 'payments: payment facts, payment references, dispute facts, customer credit, invoice balances',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.payment_facts${onCluster} (
      fact_id String COMMENT 'deterministic from the processor references: a replay writes the same id',
      kind LowCardinality(String) COMMENT 'captured, failed, refunded, refund_failed, recorded (a payment that arrived another way, e.g. bank transfer)',
      provider LowCardinality(String) COMMENT 'stripe, adyen or manual',
      invoice_id String COMMENT 'empty when the event named no invoice and none was known; payment_facts_resolved fills it from payment_refs',
      customer_id String,
      currency LowCardinality(String) COMMENT 'ISO 4217',
      amount Decimal(38, 12) COMMENT 'major units of currency; for refunded: the cumulative refunded amount of cumulative_key',
      cumulative_key String COMMENT 'refunded facts sharing it are cumulative (a Stripe charge): the largest is the total; an Adyen refund is its own key',
      payment_ref String COMMENT 'the payment this fact belongs to: Stripe PaymentIntent id, Adyen payment pspReference, or the manual reference',
      psp_reference String COMMENT 'the reference of this very movement: Stripe charge id, Adyen refund pspReference',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when the processor says it happened (event created / eventDate), else when received',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when Hourglass wrote the fact',
      source String COMMENT '<provider>:<inbox key> of the webhook, or api:<reference>, that caused it'
    ) ENGINE = ${engine('ReplacingMergeTree', 'payment_facts')}
    ORDER BY fact_id
    COMMENT 'Money movements of customer payments as append-only facts; what the ledger posts from'`,
    `CREATE TABLE IF NOT EXISTS ${db}.payment_refs${onCluster} (
      provider LowCardinality(String),
      payment_ref String COMMENT 'Stripe PaymentIntent id or Adyen payment pspReference',
      invoice_id String,
      customer_id String,
      currency LowCardinality(String),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'payment_refs')}
    ORDER BY (provider, payment_ref)
    COMMENT 'Which invoice a processor payment is for, learnt when Hourglass created it or from any event naming it'`,
    `CREATE TABLE IF NOT EXISTS ${db}.dispute_facts${onCluster} (
      fact_id String,
      dispute_id String COMMENT 'Stripe dispute id (dp_…); Adyen: adyen:<payment pspReference>',
      provider LowCardinality(String),
      event_type LowCardinality(String) COMMENT 'the processor event, e.g. charge.dispute.created, CHARGEBACK',
      status LowCardinality(String) COMMENT 'needs_response, under_review, won or lost',
      psp_status String COMMENT 'the processor status as it wrote it',
      funds LowCardinality(String) COMMENT 'withdrawn, reinstated, or empty when the event moved no money',
      reason String,
      payment_ref String,
      invoice_id String,
      customer_id String,
      currency LowCardinality(String),
      amount Decimal(38, 12) COMMENT 'disputed amount, major units',
      due_by Nullable(DateTime64(3, 'UTC')) COMMENT 'evidence deadline when the processor gives one',
      occurred_at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'dispute_facts')}
    ORDER BY (dispute_id, fact_id)
    COMMENT 'Dispute and chargeback events as facts; the disputes module derives the lifecycle'`,
    `CREATE TABLE IF NOT EXISTS ${db}.customer_credit_facts${onCluster} (
      fact_id String COMMENT 'credit:<invoice>:<credited before>-><credited after>: the step it records',
      customer_id String,
      currency LowCardinality(String),
      invoice_id String COMMENT 'the invoice whose overpayment this is',
      amount Decimal(38, 12) COMMENT 'signed change of the credit balance, major units: positive when an overpayment arrives, negative when it is refunded',
      reason LowCardinality(String) COMMENT 'overpayment',
      occurred_at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'customer_credit_facts')}
    ORDER BY (customer_id, fact_id)
    COMMENT 'Changes of a customer credit balance from payments; the balance is their sum'`,
    `CREATE VIEW IF NOT EXISTS ${db}.payment_facts_resolved${onCluster} AS
      SELECT f.fact_id AS fact_id, f.kind AS kind, f.provider AS provider,
        if(f.invoice_id != '', f.invoice_id, r.invoice_id) AS invoice_id,
        if(f.customer_id != '', f.customer_id, r.customer_id) AS customer_id,
        f.currency AS currency, f.amount AS amount, f.cumulative_key AS cumulative_key,
        f.payment_ref AS payment_ref, f.psp_reference AS psp_reference,
        f.occurred_at AS occurred_at, f.recorded_at AS recorded_at, f.source AS source
      FROM ${db}.payment_facts AS f FINAL
      LEFT JOIN (
        SELECT provider, payment_ref, any(invoice_id) AS invoice_id, any(customer_id) AS customer_id
        FROM ${db}.payment_refs FINAL GROUP BY provider, payment_ref
      ) AS r ON r.provider = f.provider AND r.payment_ref = f.payment_ref
      SETTINGS join_use_nulls = 0`,
    `CREATE VIEW IF NOT EXISTS ${db}.invoice_payment_totals${onCluster} AS
      SELECT invoice_id, any(currency) AS currency, sum(paid) AS paid, sum(refunded) AS refunded
      FROM (
        SELECT invoice_id, currency, sumIf(amount, kind IN ('captured', 'recorded')) AS paid, toDecimal128(0, 12) AS refunded
        FROM ${db}.payment_facts_resolved WHERE invoice_id != '' GROUP BY invoice_id, currency
        UNION ALL
        SELECT invoice_id, currency, toDecimal128(0, 12) AS paid, max(amount) AS refunded
        FROM ${db}.payment_facts_resolved WHERE invoice_id != '' AND kind = 'refunded'
        GROUP BY invoice_id, currency, cumulative_key
      ) GROUP BY invoice_id`,
    // Views with joins pin join_use_nulls: a reader's own setting (invoicing queries with 1) must not
    // change the columns' types under them.
    // CONTRACTS §6, the one SQL home of the formula (payments' invoiceAmounts is its oracle in tests):
    //   owed = total − credit notes (0 for draft and void invoices; total is after prepaid credits)
    //   amount_due = max(0, owed − paid + refunded), 0 for an invoice marked paid by hand
    //   overpaid = max(0, paid − refunded − owed), what goes to the customer credit balance
    //   status = 'paid' once something was paid and nothing is due, else the lifecycle status.
    `CREATE VIEW IF NOT EXISTS ${db}.invoice_balances${onCluster} AS
      SELECT invoice_id, customer_id, currency, base_status, total, credit_notes, amount_paid, amount_refunded, owed,
        if(base_status = 'paid' OR owed - amount_paid + amount_refunded < 0, toDecimal128(0, 12), owed - amount_paid + amount_refunded) AS amount_due,
        if(amount_paid - amount_refunded - owed > 0, amount_paid - amount_refunded - owed, toDecimal128(0, 12)) AS overpaid,
        if(base_status IN ('finalized', 'uncollectible') AND amount_due = 0 AND amount_paid > 0, 'paid', base_status) AS status
      FROM (
        SELECT i.invoice_id AS invoice_id, i.customer_id AS customer_id, i.currency AS currency,
          if(s.status = '', 'draft', s.status) AS base_status,
          i.total AS total, c.credited AS credit_notes, p.paid AS amount_paid, p.refunded AS amount_refunded,
          if(base_status IN ('draft', 'void') OR i.total - c.credited < 0, toDecimal128(0, 12), i.total - c.credited) AS owed
        FROM ${db}.invoices AS i FINAL
        LEFT JOIN ${db}.invoice_status AS s ON s.invoice_id = i.invoice_id
        LEFT JOIN (SELECT invoice_id, sum(amount) AS credited FROM ${db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = i.invoice_id
        LEFT JOIN ${db}.invoice_payment_totals AS p ON p.invoice_id = i.invoice_id
      )
      SETTINGS join_use_nulls = 0`,
    `CREATE VIEW IF NOT EXISTS ${db}.customer_credit_balances${onCluster} AS
      SELECT customer_id, currency, sum(amount) AS balance
      FROM ${db}.customer_credit_facts FINAL GROUP BY customer_id, currency`,
  ],
};

import type { Migration } from './render';

/**
 * Billing facts. Invoices, lines, status changes, credit notes and payout statements are appended
 * and never updated: an invoice's state is its newest status event, a correction is a credit note.
 * Amounts are Decimal rounded to minor units; `exact_amount` keeps the unrounded decimal as text.
 */
export const invoicingMigration: Migration = {
  version: 4,
  name: 'billing runs, invoices, lines, status events, credit notes, credits, payout statements, rated usage',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.billing_runs${onCluster} (
      run_id String,
      period String,
      status LowCardinality(String),
      usage_watermark UInt64,
      fencing_token UInt64,
      started_at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC'),
      invoices UInt32,
      summary String
    ) ENGINE = ${engine('ReplacingMergeTree', 'billing_runs', 'recorded_at')}
    ORDER BY (period, run_id, status)`,
    `CREATE TABLE IF NOT EXISTS ${db}.invoices${onCluster} (
      invoice_id String,
      number String,
      number_year UInt16,
      number_seq UInt32,
      billing_entity LowCardinality(String),
      customer_id String,
      currency LowCardinality(String),
      period String,
      period_start DateTime64(3, 'UTC'),
      period_end DateTime64(3, 'UTC'),
      run_id String,
      issued_at DateTime64(3, 'UTC'),
      subtotal Decimal(38, 12),
      credits_applied Decimal(38, 12),
      total Decimal(38, 12)
    ) ENGINE = ${engine('ReplacingMergeTree', 'invoices')}
    ORDER BY (period, customer_id, currency, invoice_id)
    SETTINGS ${dedupSettings()}`,
    `CREATE TABLE IF NOT EXISTS ${db}.invoice_lines${onCluster} (
      invoice_id String,
      line_id String,
      line_no UInt32,
      run_id String,
      customer_id String,
      currency LowCardinality(String),
      period String,
      kind LowCardinality(String),
      rental_id String,
      operator_id String,
      price_book_id String,
      price_book_version UInt32,
      service_period String,
      gpu_count UInt16,
      gpu_ms UInt64,
      quantity_gpu_hours String,
      unit_price Nullable(Decimal(38, 12)),
      -- The price exactly as the price book wrote it ("2.50"), for documents and the CLI.
      unit_price_text String,
      amount Decimal(38, 12),
      operator_share Decimal(38, 12),
      platform_fee Decimal(38, 12),
      exact_amount String,
      credit_grant_id String,
      description String
    ) ENGINE = ${engine('ReplacingMergeTree', 'invoice_lines')}
    ORDER BY (invoice_id, line_id)
    SETTINGS ${dedupSettings()}`,
    `CREATE TABLE IF NOT EXISTS ${db}.invoice_status_events${onCluster} (
      invoice_id String,
      status LowCardinality(String),
      at DateTime64(3, 'UTC'),
      reason String,
      event_id String
    ) ENGINE = ${engine('ReplacingMergeTree', 'invoice_status_events')}
    ORDER BY (invoice_id, event_id)
    SETTINGS ${dedupSettings()}`,
    // Statuses only move forward (draft → finalized → uncollectible → paid | void), so the
    // furthest one is the current one, even when two changes share a millisecond.
    `CREATE VIEW IF NOT EXISTS ${db}.invoice_status${onCluster} AS
      SELECT invoice_id,
        argMax(status, multiIf(status = 'draft', 0, status = 'finalized', 1, status = 'uncollectible', 2, 3)) AS status,
        max(at) AS status_at
      FROM ${db}.invoice_status_events FINAL GROUP BY invoice_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.credit_notes${onCluster} (
      credit_note_id String,
      number String,
      invoice_id String,
      customer_id String,
      currency LowCardinality(String),
      amount Decimal(38, 12),
      reason String,
      voids_invoice Bool,
      issued_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'credit_notes')}
    ORDER BY (invoice_id, credit_note_id)`,
    `CREATE TABLE IF NOT EXISTS ${db}.credit_grants${onCluster} (
      grant_id String,
      customer_id String,
      currency LowCardinality(String),
      amount Decimal(38, 12),
      priority Int32,
      expires_at Nullable(DateTime64(3, 'UTC')),
      granted_at DateTime64(3, 'UTC'),
      description String
    ) ENGINE = ${engine('ReplacingMergeTree', 'credit_grants')}
    ORDER BY (customer_id, grant_id)`,
    `CREATE TABLE IF NOT EXISTS ${db}.payout_statements${onCluster} (
      statement_id String,
      operator_id String,
      currency LowCardinality(String),
      period String,
      period_start DateTime64(3, 'UTC'),
      period_end DateTime64(3, 'UTC'),
      run_id String,
      gross Decimal(38, 12),
      platform_fee Decimal(38, 12),
      net Decimal(38, 12),
      lines UInt32,
      issued_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'payout_statements')}
    ORDER BY (period, operator_id, currency, statement_id)
    SETTINGS ${dedupSettings()}`,
    // Every rating of a (rental, hour) is a new fact with a higher rating_seq; the view keeps the
    // newest rating of each hour, so a re-rating that moves an hour to another price version leaves
    // no stale row behind.
    `CREATE TABLE IF NOT EXISTS ${db}.rated_usage_versions${onCluster} (
      rental_id String,
      customer_id String,
      operator_id String,
      hour DateTime64(3, 'UTC'),
      price_book_id String,
      price_book_version UInt32,
      currency LowCardinality(String),
      gpu_ms UInt64,
      unit_price Nullable(Decimal(38, 12)),
      exact_amount Decimal(38, 18),
      operator_share Decimal(38, 18),
      platform_fee Decimal(38, 18),
      rating_seq UInt64,
      rated_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('MergeTree', 'rated_usage_versions')}
    ORDER BY (rental_id, hour, rating_seq, price_book_id, price_book_version)
    SETTINGS ${dedupSettings()}`,
    `CREATE VIEW IF NOT EXISTS ${db}.rated_usage${onCluster} AS
      SELECT * FROM ${db}.rated_usage_versions
      WHERE (rental_id, hour, rating_seq) IN (
        SELECT rental_id, hour, max(rating_seq) FROM ${db}.rated_usage_versions GROUP BY rental_id, hour)`,
  ],
};

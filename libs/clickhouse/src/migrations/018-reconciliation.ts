import type { Migration } from './render';

/**
 * Reconciliation (libs/reconciliation, CONTRACTS §9). Settlement reports are kept line by line as
 * the processor wrote them, with ids derived from the processor's own references, so importing a file
 * twice writes the same rows. Matches and breaks have ids derived from what they are about, so a rerun
 * over a period writes the same rows again. A break's lifecycle is a series of events, never an update.
 */
export const reconciliationMigration: Migration = {
  version: 18,
  name: 'reconciliation: settlement lines, imports, matches, breaks, break events',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.psp_settlement_lines${onCluster} (
      line_id String COMMENT 'stripe:<balance_transaction_id>, or adyen:<merchant account>:<batch>:<psp reference>:<type>[#n]: the same line always gets the same id',
      provider LowCardinality(String) COMMENT 'stripe or adyen',
      import_id String COMMENT 'an import that carried the line (sha-256 of provider and file)',
      line_no UInt32 COMMENT 'line of the file (1 = header)',
      record_type String COMMENT 'as the processor wrote it: Stripe reporting_category, Adyen Type',
      category LowCardinality(String) COMMENT 'charge, refund, dispute, fee, payout, adjustment or other',
      payment_ref String COMMENT 'Stripe payment_intent_id; Adyen Psp Reference of the payment (of the original for a refund)',
      merchant_ref String COMMENT 'Adyen Merchant Reference (the invoice id); Stripe: payment_metadata[hourglass_invoice_id] when exported',
      currency LowCardinality(String) COMMENT 'ISO 4217, upper case',
      gross Decimal(38, 12) COMMENT 'major units, signed as the report signs it (a refund is negative)',
      fee Decimal(38, 12) COMMENT 'processor fee, major units, positive when the processor kept money',
      net Decimal(38, 12) COMMENT 'gross - fee, major units',
      created_at DateTime64(3, 'UTC') COMMENT 'when the processor booked the line (created_utc, Creation Date)',
      payout_id String COMMENT 'Stripe automatic_payout_id, Adyen Batch Number: the payout the line settled in',
      raw String COMMENT 'the row as read, JSON'
    ) ENGINE = ${engine('ReplacingMergeTree', 'psp_settlement_lines')}
    ORDER BY line_id
    SETTINGS ${dedupSettings()}
    COMMENT 'PSP settlement report lines, append-only; read with FINAL'`,
    `CREATE TABLE IF NOT EXISTS ${db}.psp_settlement_imports${onCluster} (
      import_id String COMMENT 'sha-256 of provider and file bytes',
      provider LowCardinality(String),
      file_name String,
      lines UInt32,
      imported_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'psp_settlement_imports')}
    ORDER BY import_id
    COMMENT 'Settlement report files imported; the first import of a file is the one kept'`,
    `CREATE TABLE IF NOT EXISTS ${db}.recon_matches${onCluster} (
      match_id String COMMENT 'derived from the rule and the matched items',
      period String COMMENT 'YYYY-MM of the run that found it',
      pair LowCardinality(String) COMMENT 'settlement_payment, payment_invoice, payout_settlement',
      rule_id String,
      rule_kind LowCardinality(String) COMMENT 'exact, tolerance or date_lag',
      cardinality LowCardinality(String) COMMENT '1:1, 1:N or N:1',
      left_ids Array(String),
      right_ids Array(String),
      currency LowCardinality(String),
      left_amount Decimal(38, 12),
      right_amount Decimal(38, 12),
      difference Decimal(38, 12),
      evidence String COMMENT 'JSON: what the rule compared and found',
      matched_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'recon_matches')}
    ORDER BY (period, match_id)
    COMMENT 'Reconciliation matches with their rule and evidence; a rerun writes the same ids'`,
    `CREATE TABLE IF NOT EXISTS ${db}.recon_breaks${onCluster} (
      break_id String COMMENT 'derived from the type and the items it is about',
      type LowCardinality(String) COMMENT 'CONTRACTS §9: missing_in_psp, missing_in_ledger, amount_mismatch, fee_mismatch, currency_mismatch, duplicate, timing, accuracy_*',
      period String,
      provider LowCardinality(String),
      currency LowCardinality(String),
      amount Decimal(38, 12) COMMENT 'the difference in money, major units, signed: expected minus found',
      delta_gpu_ms Int64 COMMENT 'accuracy breaks: GPU-ms of the difference (signed), else 0',
      opened_at DateTime64(3, 'UTC') COMMENT 'the date of the item the break is about: ages count from it',
      refs String COMMENT 'JSON: the items (payment, settlement line, invoice, rental, hours)'
    ) ENGINE = ${engine('ReplacingMergeTree', 'recon_breaks')}
    ORDER BY break_id
    COMMENT 'Reconciliation breaks; the status is the newest recon_break_events row'`,
    `CREATE TABLE IF NOT EXISTS ${db}.recon_break_events${onCluster} (
      break_id String,
      event_id String COMMENT 'open, or derived from the request (Idempotency-Key) that made it',
      status LowCardinality(String) COMMENT 'open, assigned, resolved or written_off',
      status_rank UInt8 COMMENT '0 open, 1 assigned, 2 resolved or written_off: breaks ties at one instant',
      actor String COMMENT 'the API token name, or system:recon',
      assignee String,
      reason String,
      at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'recon_break_events')}
    ORDER BY (break_id, event_id)
    COMMENT 'Break lifecycle, append-only: who, when, why'`,
    `CREATE VIEW IF NOT EXISTS ${db}.recon_break_status${onCluster} AS
      SELECT break_id, argMax(status, (at, status_rank)) AS status, argMax(actor, (at, status_rank)) AS actor,
        argMax(assignee, (at, status_rank)) AS assignee, argMax(reason, (at, status_rank)) AS reason, max(at) AS status_at
      FROM ${db}.recon_break_events FINAL GROUP BY break_id`,
    `ALTER TABLE ${db}.psp_settlement_imports${onCluster} COMMENT COLUMN provider 'stripe or adyen', COMMENT COLUMN file_name 'name of the imported report file', COMMENT COLUMN lines 'settlement lines in the file', COMMENT COLUMN imported_at 'when it was imported, UTC'`,
    `ALTER TABLE ${db}.recon_break_events${onCluster} COMMENT COLUMN break_id 'break the event is about', COMMENT COLUMN assignee 'who the break is assigned to, if anyone', COMMENT COLUMN reason 'why: the text given with the change', COMMENT COLUMN at 'when the change took effect, UTC'`,
    `ALTER TABLE ${db}.recon_break_status${onCluster} MODIFY COMMENT 'current status of each reconciliation break, from its events'`,
    `ALTER TABLE ${db}.recon_break_status${onCluster} COMMENT COLUMN break_id 'break', COMMENT COLUMN status 'open, assigned, resolved or written_off: the latest event', COMMENT COLUMN actor 'who made the latest change (token name, or system:recon)', COMMENT COLUMN assignee 'who the break is assigned to, if anyone', COMMENT COLUMN reason 'why the latest change was made', COMMENT COLUMN status_at 'when the latest change took effect, UTC'`,
    `ALTER TABLE ${db}.recon_breaks${onCluster} COMMENT COLUMN period 'reconciled period, YYYY-MM', COMMENT COLUMN provider 'stripe, adyen, or empty for accuracy and ledger breaks', COMMENT COLUMN currency 'ISO 4217 currency of amount'`,
    `ALTER TABLE ${db}.recon_matches${onCluster} COMMENT COLUMN rule_id 'matching rule that made the match', COMMENT COLUMN left_ids 'ids on the left side (settlement lines or payments)', COMMENT COLUMN right_ids 'ids on the right side (payments or invoices)', COMMENT COLUMN currency 'ISO 4217 currency of the amounts', COMMENT COLUMN left_amount 'sum of the left side, major units', COMMENT COLUMN right_amount 'sum of the right side, major units', COMMENT COLUMN difference 'left minus right, major units', COMMENT COLUMN matched_at 'when the match was recorded, UTC'`,
  ],
};

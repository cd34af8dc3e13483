import type { Migration } from './render';

/**
 * Operator payouts (libs/payouts, CONTRACTS §7): operators as versioned reference facts, KYC states as
 * append-only facts, payout batches and their items, item status changes, and the money facts the
 * ledger posts (reserves held and released, payouts paid and returned, clawbacks). Nothing is updated
 * in place: an item's status is its latest status fact, a reserve's release is a fact of its own.
 * Amounts are Decimal(38, 12) in major units of `currency`, rounded to its minor units.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const payoutsMigration: Migration = {
  version: 15,
  name: 'payouts: operators, kyc facts, payout batches, items, item status, payout facts, clawbacks',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.operator_versions${onCluster} (
      operator_id String,
      name String,
      country LowCardinality(String) COMMENT 'ISO 3166-1 alpha-2',
      iban String COMMENT 'electronic format (no spaces), checksum verified on the way in',
      bic String COMMENT 'ISO 9362, 8 or 11 characters',
      payout_currency LowCardinality(String) COMMENT 'ISO 4217; informational: items are paid in the currency they were earned in',
      updated_at DateTime64(3, 'UTC') COMMENT 'the control plane version of the document: the newest wins',
      received_at DateTime64(3, 'UTC'),
      document String COMMENT 'the document as received'
    ) ENGINE = ${engine('ReplacingMergeTree', 'operator_versions')}
    ORDER BY (operator_id, updated_at)
    SETTINGS ${dedupSettings()}
    COMMENT 'Operator reference documents (ref.v1.operators, POST /v1/operators), one row per version'`,
    `CREATE TABLE IF NOT EXISTS ${db}.kyc_facts${onCluster} (
      fact_id String COMMENT 'kyc:<kind>:<id>:<at ms>:<state>, or the Idempotency-Key of the request',
      party_kind LowCardinality(String) COMMENT 'operator or customer',
      party_id String,
      state LowCardinality(String) COMMENT 'unverified, pending, verified, rejected, expired',
      actor String COMMENT 'who: the API token name, or the system job',
      reason String COMMENT 'why',
      at DateTime64(3, 'UTC') COMMENT 'when the state took effect',
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'kyc_facts')}
    ORDER BY (party_kind, party_id, fact_id)
    SETTINGS ${dedupSettings()}
    COMMENT 'KYC state changes of operators and customers; the current state is the latest by (at, fact_id)'`,
    `CREATE TABLE IF NOT EXISTS ${db}.payout_batches${onCluster} (
      batch_id String COMMENT 'pb_<run key>: one batch per period (or scheduled week), so a rerun finds it',
      run_key String COMMENT 'YYYY-MM, or YYYY-MM-DD of a weekly run',
      basis LowCardinality(String) COMMENT 'collected or earned (HOURGLASS_PAYOUT_BASIS) when it was made',
      created_at DateTime64(3, 'UTC'),
      items UInt32
    ) ENGINE = ${engine('ReplacingMergeTree', 'payout_batches')}
    ORDER BY batch_id
    SETTINGS ${dedupSettings()}
    COMMENT 'Payout batches; one per run key'`,
    `CREATE TABLE IF NOT EXISTS ${db}.payout_items${onCluster} (
      batch_id String,
      operator_id String,
      currency LowCardinality(String),
      amount Decimal(38, 12) COMMENT 'what the batch pays (scheduled) or would have paid (held); negative for a negative balance',
      status LowCardinality(String) COMMENT 'the status the item was created with: scheduled or held',
      hold_reason LowCardinality(String) COMMENT 'kyc, sanctions, below_minimum, negative_balance; empty unless held',
      end_to_end_id String COMMENT 'pain.001 EndToEndId, unique per item',
      creditor_name String,
      creditor_iban String,
      creditor_bic String,
      creditor_country LowCardinality(String),
      created_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'payout_items')}
    ORDER BY (batch_id, operator_id, currency)
    SETTINGS ${dedupSettings()}
    COMMENT 'One item per operator and currency of a batch, as created; later statuses are payout_item_status rows'`,
    `CREATE TABLE IF NOT EXISTS ${db}.payout_item_status${onCluster} (
      batch_id String,
      operator_id String,
      currency LowCardinality(String),
      status LowCardinality(String) COMMENT 'paid, failed or returned',
      reason String,
      actor String,
      at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'payout_item_status')}
    ORDER BY (batch_id, operator_id, currency, status)
    SETTINGS ${dedupSettings()}
    COMMENT 'Status changes of payout items (the bank said paid, failed, returned); one row per item and status'`,
    `CREATE TABLE IF NOT EXISTS ${db}.payout_facts${onCluster} (
      fact_id String COMMENT 'the ledger transaction id is <prefix><fact_id>',
      kind LowCardinality(String) COMMENT 'reserve_held, reserve_released, payout_paid, payout_returned, clawback',
      operator_id String,
      currency LowCardinality(String),
      amount Decimal(38, 12) COMMENT 'non-negative, major units',
      batch_id String,
      bank_account_id String COMMENT 'payout_paid/returned: the debtor account (cash:<id>)',
      base Decimal(38, 12) COMMENT 'reserve_held: the newly eligible amount the reserve was taken from',
      release_at Nullable(DateTime64(3, 'UTC')) COMMENT 'reserve_held: when it is released',
      reason String COMMENT 'clawback: refund or adjustment, with the source named',
      occurred_at DateTime64(3, 'UTC'),
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'payout_facts')}
    ORDER BY fact_id
    SETTINGS ${dedupSettings()}
    COMMENT 'Money facts of payouts, which the ledger posts (operator payable, payout reserve, cash)'`,
    `ALTER TABLE ${db}.kyc_facts${onCluster} COMMENT COLUMN party_id 'customer or operator id the KYC state is about', COMMENT COLUMN recorded_at 'when the fact was written, UTC'`,
    `ALTER TABLE ${db}.operator_versions${onCluster} COMMENT COLUMN operator_id 'operator (data center) id', COMMENT COLUMN name 'operator name as its document gives it', COMMENT COLUMN received_at 'when this version reached Hourglass, UTC'`,
    `ALTER TABLE ${db}.payout_batches${onCluster} COMMENT COLUMN created_at 'when the batch was created, UTC', COMMENT COLUMN items 'number of items in the batch'`,
    `ALTER TABLE ${db}.payout_facts${onCluster} COMMENT COLUMN operator_id 'operator paid, held or clawed back', COMMENT COLUMN currency 'ISO 4217 currency of the amount', COMMENT COLUMN batch_id 'payout batch the fact belongs to, empty if none', COMMENT COLUMN occurred_at 'when it happened, UTC', COMMENT COLUMN recorded_at 'when the fact was written, UTC'`,
    `ALTER TABLE ${db}.payout_item_status${onCluster} COMMENT COLUMN batch_id 'payout batch', COMMENT COLUMN operator_id 'operator of the item', COMMENT COLUMN currency 'ISO 4217 currency of the item', COMMENT COLUMN reason 'why the status changed (bank return code, hold reason)', COMMENT COLUMN actor 'who changed it: token name, or the payout run', COMMENT COLUMN at 'when the status took effect, UTC', COMMENT COLUMN recorded_at 'when the row was written, UTC'`,
    `ALTER TABLE ${db}.payout_items${onCluster} COMMENT COLUMN batch_id 'payout batch', COMMENT COLUMN operator_id 'operator paid', COMMENT COLUMN currency 'ISO 4217 currency of the amount', COMMENT COLUMN creditor_name 'account holder paid, from the operator document', COMMENT COLUMN creditor_iban 'IBAN paid, from the operator document', COMMENT COLUMN creditor_bic 'BIC of the creditor bank', COMMENT COLUMN creditor_country 'ISO 3166-1 alpha-2 country of the operator', COMMENT COLUMN created_at 'when the item was created, UTC'`,
  ],
};

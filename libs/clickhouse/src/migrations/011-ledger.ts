import type { Migration } from './render';

/**
 * The double-entry ledger (libs/ledger): one row per posting, appended and never changed; a correction
 * is a reversing transaction. A transaction's id is derived from the fact that caused it, and rows are
 * replaced by (txn_id, posting_no), so a transaction posted twice (a retried insert, two replicas
 * syncing at once) is one transaction to every reader that uses FINAL.
 */
export const ledgerMigration: Migration = {
  version: 11,
  name: 'ledger_entries',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.ledger_entries${onCluster} (
      txn_id String COMMENT 'transaction id, derived from the fact that caused it, e.g. inv-finalized:<invoiceId>, reversal-of:<txnId>',
      posting_no UInt16 COMMENT 'position of the posting in its transaction, from 0',
      account String COMMENT 'chart-of-accounts name, e.g. receivable:<customerId>, platform_fees (libs/ledger/README.md)',
      account_class LowCardinality(String) COMMENT 'asset, liability, revenue or expense: assets and expenses are debit-positive',
      currency LowCardinality(String) COMMENT 'ISO 4217 code; every transaction balances per currency',
      debit Decimal(38, 12) COMMENT 'amount debited, in major units rounded to the currency minor units; 0 on a credit posting',
      credit Decimal(38, 12) COMMENT 'amount credited, in major units rounded to the currency minor units; 0 on a debit posting',
      caused_by String COMMENT 'the fact that caused the transaction, <table>:<id>, e.g. credit_notes:<creditNoteId>',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when the business event happened',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when the ledger recorded the transaction'
    ) ENGINE = ${engine('ReplacingMergeTree', 'ledger_entries')}
    ORDER BY (txn_id, posting_no)
    SETTINGS ${dedupSettings()}
    COMMENT 'double-entry ledger postings, append-only; read with FINAL'`,
  ],
};

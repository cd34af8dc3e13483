import type { Migration } from './render';

/**
 * Reconciliation, second part (libs/reconciliation README "Bank statements", "Break aging"): the
 * bank statement entries of the account payouts leave from, kept as the bank booked them with ids
 * from the bank's own entry references (importing a statement twice writes the same rows), and the
 * finance view of open breaks by age.
 */
export const reconBankStatementsMigration: Migration = {
  version: 21,
  name: 'reconciliation: bank statement lines and imports, the break aging view',
  statements: ({ db, onCluster, engine, dedupSettings }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.bank_statement_lines${onCluster} (
      line_id String COMMENT 'bank:<account IBAN>:<entry_ref>: the same entry always gets the same id',
      account String COMMENT 'IBAN of the statement account (the pain.001 debtor)',
      entry_ref String COMMENT 'camt.053 AcctSvcrRef: the bank''s id of the entry',
      import_id String COMMENT 'an import that carried the entry (sha-256 of the file)',
      line_no UInt32 COMMENT 'line of the file (1 = header)',
      direction LowCardinality(String) COMMENT 'debit (CdtDbtInd DBIT: money left) or credit (CRDT: money came in, e.g. a returned transfer)',
      amount Decimal(38, 12) COMMENT 'positive, major units',
      currency LowCardinality(String) COMMENT 'ISO 4217, upper case',
      booked_at DateTime64(3, 'UTC') COMMENT 'camt.053 BookgDt, UTC',
      payment_info_id String COMMENT 'pain.001 PmtInfId the entry books (a batch debit), or empty',
      end_to_end_id String COMMENT 'pain.001 EndToEndId the entry books (an item debit, or a return), or empty',
      return_reason String COMMENT 'ISO return reason code of a returned transfer (e.g. AC04), or empty',
      raw String COMMENT 'the row as read, JSON'
    ) ENGINE = ${engine('ReplacingMergeTree', 'bank_statement_lines')}
    ORDER BY line_id
    SETTINGS ${dedupSettings()}
    COMMENT 'Bank statement entries of the payout account (camt.053-lite CSV), append-only; read with FINAL'`,
    `CREATE TABLE IF NOT EXISTS ${db}.bank_statement_imports${onCluster} (
      import_id String COMMENT 'sha-256 of the file bytes',
      file_name String COMMENT 'name of the imported statement file',
      lines UInt32 COMMENT 'entries in the file',
      imported_at DateTime64(3, 'UTC') COMMENT 'when it was imported, UTC'
    ) ENGINE = ${engine('ReplacingMergeTree', 'bank_statement_imports')}
    ORDER BY import_id
    COMMENT 'Bank statement files imported; the first import of a file is the one kept'`,
    `CREATE VIEW IF NOT EXISTS ${db}.recon_break_aging${onCluster} (
      break_id String COMMENT 'break',
      type LowCardinality(String) COMMENT 'CONTRACTS §9 break type',
      status String COMMENT 'open or assigned (resolved and written-off breaks are not listed)',
      period String COMMENT 'reconciled period, YYYY-MM',
      provider LowCardinality(String) COMMENT 'stripe, adyen, bank (payout breaks), or empty for accuracy and ledger breaks',
      currency LowCardinality(String) COMMENT 'ISO 4217 currency of amount',
      amount Decimal(38, 12) COMMENT 'size of the difference, major units',
      opened_at DateTime64(3, 'UTC') COMMENT 'date of the item the break is about; the age counts from it',
      age_days UInt32 COMMENT 'whole days from opened_at to now (query time), UTC',
      age_bucket String COMMENT '0-1d, 1-3d, 3-7d, 7-30d or 30d+ (the buckets of hourglass_recon_breaks_open)',
      assignee String COMMENT 'who the break is assigned to, if anyone'
    ) AS
      SELECT b.break_id AS break_id, b.type AS type, s.status AS status, b.period AS period, b.provider AS provider, b.currency AS currency,
        b.amount AS amount, b.opened_at AS opened_at,
        toUInt32(greatest(0, intDiv(toUnixTimestamp64Milli(now64(3, 'UTC')) - toUnixTimestamp64Milli(b.opened_at), 86400000))) AS age_days,
        multiIf(age_days < 1, '0-1d', age_days < 3, '1-3d', age_days < 7, '3-7d', age_days < 30, '7-30d', '30d+') AS age_bucket,
        s.assignee AS assignee
      FROM ${db}.recon_breaks AS b FINAL
      INNER JOIN ${db}.recon_break_status AS s ON s.break_id = b.break_id
      WHERE s.status IN ('open', 'assigned')
    COMMENT 'Open reconciliation breaks with their age at query time, in the buckets of the break metrics'`,
    `ALTER TABLE ${db}.recon_matches${onCluster} COMMENT COLUMN pair 'settlement_payment, payment_invoice, payout_settlement, payout_bank (payout batches and items to bank entries) or ledger_psp_balance (ledger balances to settlement reports)'`,
  ],
};

import type { Migration } from './render';

/**
 * Disputes (libs/disputes). The lifecycle itself is derived from payments' `dispute_facts` (migration
 * 9) and never stored. Stored here are the two decisions Hourglass makes: evidence it submitted to a
 * processor, keyed by the request's Idempotency-Key, and who bears a lost dispute, one fact per
 * dispute that the ledger posts as `dispute-lost:<disputeId>`. The policy in force when the loss was
 * decided is kept on the fact, so a later change of policy never rewrites history.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const disputesMigration: Migration = {
  version: 16,
  name: 'disputes: evidence submissions, lost-dispute facts',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.dispute_evidence_submissions${onCluster} (
      dispute_id String,
      idempotency_key String COMMENT 'the Idempotency-Key of POST /v1/disputes/:id/evidence; also sent to the processor',
      provider LowCardinality(String),
      submitted Bool COMMENT 'true: the evidence was submitted for review; false: staged only (Stripe draft, Adyen documents supplied)',
      status String COMMENT 'what the processor answered: Stripe the dispute status, Adyen submitted or documents_supplied',
      content_sha256 String COMMENT 'SHA-256 of the evidence pack sent (JSON), for audit: which version of our data the processor got',
      submitted_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'dispute_evidence_submissions')}
    ORDER BY (dispute_id, idempotency_key)
    COMMENT 'Evidence Hourglass submitted to a processor for a dispute'`,
    `CREATE TABLE IF NOT EXISTS ${db}.dispute_loss_facts${onCluster} (
      dispute_id String,
      provider LowCardinality(String),
      invoice_id String,
      currency LowCardinality(String) COMMENT 'ISO 4217',
      amount Decimal(38, 12) COMMENT 'the disputed amount lost, major units',
      policy LowCardinality(String) COMMENT 'platform or operator (HOURGLASS_DISPUTE_LOSS_POLICY when decided)',
      clawback_operators Array(String) COMMENT 'operators who bear part of the loss by clawback',
      clawback_amounts Array(Decimal(38, 12)) COMMENT 'their parts, same order; the rest is the platform dispute_losses',
      platform_amount Decimal(38, 12) COMMENT 'the part the platform bears (dispute_losses)',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when the processor reported the loss',
      recorded_at DateTime64(3, 'UTC')
    ) ENGINE = ${engine('ReplacingMergeTree', 'dispute_loss_facts')}
    ORDER BY dispute_id
    COMMENT 'Lost disputes and who bears them; the ledger posts each as dispute-lost:<dispute_id>'`,
    `ALTER TABLE ${db}.dispute_evidence_submissions${onCluster} COMMENT COLUMN dispute_id 'dispute the evidence was submitted for', COMMENT COLUMN provider 'stripe or adyen', COMMENT COLUMN submitted_at 'when it was submitted, UTC'`,
    `ALTER TABLE ${db}.dispute_loss_facts${onCluster} COMMENT COLUMN dispute_id 'dispute lost', COMMENT COLUMN provider 'stripe or adyen', COMMENT COLUMN invoice_id 'invoice the disputed payment paid', COMMENT COLUMN recorded_at 'when the fact was written, UTC'`,
  ],
};

import type { Migration } from './render';

/**
 * A lost dispute that the processor later reports won (Stripe closes it won after lost, Adyen sends
 * CHARGEBACK_REVERSED after a lost CHARGEBACK): the disputes module records one reversal per loss, and
 * the ledger posts it as `reversal-of:dispute-lost:<dispute_id>`, the loss's postings (the operators'
 * clawbacks included) on the other side. The loss fact itself stays: facts are append-only.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const disputeLossReversalsMigration: Migration = {
  version: 22,
  name: 'disputes: reversals of lost disputes later won',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.dispute_loss_reversals${onCluster} (
      dispute_id String COMMENT 'dispute whose loss (dispute_loss_facts) is reversed',
      provider LowCardinality(String) COMMENT 'stripe or adyen',
      invoice_id String COMMENT 'invoice the disputed payment paid',
      currency LowCardinality(String) COMMENT 'ISO 4217',
      amount Decimal(38, 12) COMMENT 'the loss reversed (its dispute_loss_facts amount), major units',
      outcome String COMMENT 'the processor status that reversed it, e.g. won or CHARGEBACK_REVERSED/Won',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when the processor reported the dispute won',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when the fact was written, UTC'
    ) ENGINE = ${engine('ReplacingMergeTree', 'dispute_loss_reversals')}
    ORDER BY dispute_id
    COMMENT 'Lost disputes later won; the ledger posts each as reversal-of:dispute-lost:<dispute_id>'`,
  ],
};

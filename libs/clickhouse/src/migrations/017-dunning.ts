import type { Migration } from './render';

/**
 * Dunning (libs/dunning): what happened to every invoice whose payment failed, and which customers
 * were suspended and reinstated, as append-only facts. The retry schedule itself lives in Redis; these
 * tables are what the queue (`GET /v1/dunning`), the suspension state and the recovery metrics are
 * derived from. Ids are deterministic, so a retried write or a second replica folds into one row.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const dunningMigration: Migration = {
  version: 17,
  name: 'dunning: dunning facts, suspension facts',
  statements: ({ db, onCluster, engine }) => [
    `CREATE TABLE IF NOT EXISTS ${db}.dunning_facts${onCluster} (
      fact_id String COMMENT '<invoice_id>:<step, 7 digits>:<event>',
      invoice_id String COMMENT 'the invoice in dunning (one case per invoice)',
      customer_id String COMMENT 'the customer who owes it',
      segment LowCardinality(String) COMMENT 'the customer segment whose dunning policy applies',
      currency LowCardinality(String) COMMENT 'ISO 4217',
      amount Decimal(38, 12) COMMENT 'amount due when dunning started (the failed amount), major units; the same on every fact of a case',
      event LowCardinality(String) COMMENT 'started, retry_scheduled, retry_attempted, retry_failed, exhausted, recovered, cancelled',
      state LowCardinality(String) COMMENT 'the case state after this fact: scheduled, exhausted, recovered, cancelled',
      step UInt32 COMMENT 'orders the facts of one case; the latest step is the case state',
      attempt UInt16 COMMENT 'the retry this fact is about (1-based; 0 for started, recovered, cancelled)',
      attempts_max UInt16 COMMENT 'retries of the policy',
      next_attempt_at Nullable(DateTime64(3, 'UTC')) COMMENT 'when the next retry is due after this fact; null when none is',
      failed_at DateTime64(3, 'UTC') COMMENT 'the failed payment that started dunning',
      started_at DateTime64(3, 'UTC') COMMENT 'when dunning started',
      grace_ends_at DateTime64(3, 'UTC') COMMENT 'after it the customer is suspended while the invoice is owed',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when dunning did what this fact records',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when the fact was written',
      detail String COMMENT 'the processor status of a retry, the invoice status that closed a case, or (started) the retry schedule as JSON epoch ms'
    ) ENGINE = ${engine('ReplacingMergeTree', 'dunning_facts')}
    ORDER BY (invoice_id, fact_id)
    COMMENT 'Dunning of invoices whose payment failed, as append-only facts; recovery metrics derive from them'`,
    `CREATE TABLE IF NOT EXISTS ${db}.suspension_facts${onCluster} (
      fact_id String COMMENT '<customer_id>:<seq>',
      customer_id String COMMENT 'the customer suspended or reinstated',
      seq UInt32 COMMENT 'the n-th suspension fact of the customer; the latest is its state',
      action LowCardinality(String) COMMENT 'suspend or reinstate (marketplace.v1.suspensions)',
      reason String COMMENT 'payment_overdue or overdue_invoices_paid',
      invoice_ids Array(String) COMMENT 'the invoices past their grace period, for suspend',
      occurred_at DateTime64(3, 'UTC') COMMENT 'when the decision was made (and announced)',
      recorded_at DateTime64(3, 'UTC') COMMENT 'when the fact was written'
    ) ENGINE = ${engine('ReplacingMergeTree', 'suspension_facts')}
    ORDER BY (customer_id, fact_id)
    COMMENT 'Customer suspensions and reinstatements sent to the control plane; the latest per customer is its state'`,
  ],
};

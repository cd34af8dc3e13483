import type { Migration } from './render';

/**
 * Dispute fees on payments' `dispute_facts` (migration 9): what the processor kept (or gave back) on
 * the balance movement of a funds event, with that movement's reference. Stripe states it on the
 * dispute's `balance_transactions` (a fee when the funds are withdrawn; a negative fee when they are
 * reinstated and the fee is returned). The ledger posts it with the funds (dispute opened / won), unless
 * the settlement report line of the same balance transaction (`psp_settlement_lines.line_id` =
 * `<provider>:<fee_ref>`) was posted first; each fee is expensed once, whichever arrives first.
 *
 * Plain text on purpose: a released migration's DDL never changes with the code around it.
 */
export const disputeFeesMigration: Migration = {
  version: 23,
  name: 'payments: dispute fees on dispute facts',
  statements: ({ db, onCluster }) => [
    `ALTER TABLE ${db}.dispute_facts${onCluster}
      ADD COLUMN IF NOT EXISTS fee Decimal(38, 12) DEFAULT 0 COMMENT 'dispute fee the processor kept on this funds movement, major units; negative when it gave the fee back; 0 when none or not stated' AFTER amount,
      ADD COLUMN IF NOT EXISTS fee_ref String DEFAULT '' COMMENT 'the processor reference of the balance movement that carried the fee (Stripe balance transaction txn_...); empty without a fee' AFTER fee`,
  ],
};

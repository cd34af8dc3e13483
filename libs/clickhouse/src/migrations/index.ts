import { usageMigration } from './001-usage';
import { referenceMigration } from './002-reference';
import { coveredHourlyMigration } from './003-covered-hourly';
import { invoicingMigration } from './004-invoicing';
import { ratingRunsMigration } from './005-rating-runs';
import { instanceMigration } from './006-instance';
import { outboxInboxMigration } from './007-outbox-inbox';
import { auditLogMigration } from './008-audit-log';
import { paymentsMigration } from './009-payments';
import { idempotencyKeysMigration } from './010-idempotency-keys';
import { ledgerMigration } from './011-ledger';
import { webhooksMigration } from './012-webhooks';
import { financeMigration } from './013-finance';
import { riskMigration } from './014-risk';
import { payoutsMigration } from './015-payouts';
import { disputesMigration } from './016-disputes';
import { dunningMigration } from './017-dunning';
import { reconciliationMigration } from './018-reconciliation';
import { invoiceTaxMigration } from './019-invoice-tax';
import { usageReplaysMigration } from './020-usage-replays';
import { reconBankStatementsMigration } from './021-recon-bank-statements';
import { disputeLossReversalsMigration } from './022-dispute-loss-reversals';
import { disputeFeesMigration } from './023-dispute-fees';
import { streamIncarnationsMigration } from './024-stream-incarnations';
import { distributedTablesMigration } from './025-distributed-tables';
import { usageParkedMigration } from './026-usage-parked';
import type { Migration } from './render';

export * from './render';
export * from './covered-time.sql';

/** Append only: a released migration is never edited; a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  usageMigration,
  referenceMigration,
  coveredHourlyMigration,
  invoicingMigration,
  ratingRunsMigration,
  instanceMigration,
  outboxInboxMigration,
  auditLogMigration,
  paymentsMigration,
  idempotencyKeysMigration,
  ledgerMigration,
  webhooksMigration,
  financeMigration,
  riskMigration,
  payoutsMigration,
  disputesMigration,
  dunningMigration,
  reconciliationMigration,
  invoiceTaxMigration,
  usageReplaysMigration,
  reconBankStatementsMigration,
  disputeLossReversalsMigration,
  disputeFeesMigration,
  streamIncarnationsMigration,
  distributedTablesMigration,
  usageParkedMigration,
];

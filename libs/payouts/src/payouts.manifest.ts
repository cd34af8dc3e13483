import { defineModule } from '@hourglass/kernel';

/**
 * Earned payout statements (their table, payout_statements, was released in invoicing's migration 4
 * and stays listed there), operators, KYC facts and payout batches (migration 12).
 */
export const PAYOUTS_MANIFEST = defineModule({
  name: 'payouts',
  migrations: [15],
  streams: ['REF', 'BILLING'],
  configSection: 'payouts',
  metrics: [],
});

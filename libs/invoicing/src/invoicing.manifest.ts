import { defineModule } from '@hourglass/kernel';

/**
 * Billing runs, invoices, credits and the Idempotency-Keys of their writes (migration 10); reads
 * metering's progress on USAGE. Migration 4 also holds payout_statements, released before payouts was
 * its own library: a released migration stays whole, with its first owner.
 */
export const INVOICING_MANIFEST = defineModule({
  name: 'invoicing',
  migrations: [4, 10, 19],
  streams: ['USAGE'],
  configSection: 'billing',
  metrics: [],
});

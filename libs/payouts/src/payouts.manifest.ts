import { defineModule } from '@hourglass/kernel';

/**
 * Earned payout statements. Their table, payout_statements, was released in invoicing's migration 4
 * (a released migration is never edited), so it stays listed there; payouts' own tables will come in
 * migrations of their own.
 */
export const PAYOUTS_MANIFEST = defineModule({
  name: 'payouts',
  migrations: [],
  streams: [],
  configSection: null,
  metrics: [],
});

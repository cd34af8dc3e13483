import { defineModule } from '@hourglass/kernel';

/** Billing runs, invoices, credits and payout statements; reads metering's progress on USAGE. */
export const INVOICING_MANIFEST = defineModule({
  name: 'invoicing',
  migrations: [4],
  streams: ['USAGE'],
  configSection: 'billing',
  metrics: [],
});

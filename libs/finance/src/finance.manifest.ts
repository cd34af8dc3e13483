import { defineModule } from '@hourglass/kernel';
import { FINANCE_METRICS } from './adapters/prometheus-finance.metrics';

/**
 * Finance's read side: the views and comments of migration 12, the receivables/DSO, invoice and payout
 * gauges, and the period close pack. It reads other modules' tables by SQL only and writes nothing.
 */
export const FINANCE_MANIFEST = defineModule({
  name: 'finance',
  migrations: [13],
  streams: [],
  configSection: 'finance',
  metrics: [...FINANCE_METRICS],
});

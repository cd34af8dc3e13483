import { defineModule } from '@hourglass/kernel';
import { DUNNING_METRICS } from './adapters/prometheus-dunning.metrics';

/** Dunning: retries of failed payments under a leased job, suspensions; owns migration 12. */
export const DUNNING_MANIFEST = defineModule({
  name: 'dunning',
  migrations: [17],
  streams: ['BILLING', 'MARKETPLACE'],
  configSection: 'dunning',
  metrics: [...DUNNING_METRICS],
});

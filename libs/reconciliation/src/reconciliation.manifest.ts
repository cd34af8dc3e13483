import { defineModule } from '@hourglass/kernel';

/** Reconciliation: settlement imports, matching, breaks, billing accuracy and their metrics. */
export const RECONCILIATION_MANIFEST = defineModule({
  name: 'reconciliation',
  migrations: [18, 21],
  streams: [],
  configSection: 'reconciliation',
  metrics: ['hourglass_recon_breaks_open', 'hourglass_recon_breaks_open_amount', 'hourglass_recon_break_age_seconds', 'hourglass_billing_accuracy_delta_gpu_ms'],
});

import { defineModule } from '@hourglass/kernel';

/** Sanctions screening (lists, matching, review queue, SanctionsGate) and usage-fraud signals. */
export const RISK_MANIFEST = defineModule({
  name: 'risk',
  migrations: [14],
  streams: ['RISK'],
  configSection: 'risk',
  metrics: ['hourglass_screenings_total', 'hourglass_screening_seconds', 'hourglass_screening_reviews_total', 'hourglass_sanctions_list_names', 'hourglass_risk_signals_total'],
});

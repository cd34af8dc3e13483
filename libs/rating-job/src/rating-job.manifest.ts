import { defineModule } from '@hourglass/kernel';

/** Hourly rating of covered time, live spend, credit alerts on billing.v1.alerts. */
export const RATING_JOB_MANIFEST = defineModule({
  name: 'rating-job',
  migrations: [5],
  streams: ['BILLING'],
  configSection: 'rating',
  metrics: [
    'hourglass_rating_ticks_total',
    'hourglass_rating_tick_seconds',
    'hourglass_rating_cells_total',
    'hourglass_rating_unpriced_gpu_seconds_total',
    'hourglass_rating_lag_events',
    'hourglass_rating_gap_seqs',
    'hourglass_rating_books_rerating',
    'hourglass_rating_gap_seqs_expired_total',
    'hourglass_credit_alerts_published_total',
  ],
});

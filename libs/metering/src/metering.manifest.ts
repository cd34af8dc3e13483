import { defineModule } from '@hourglass/kernel';

/** Ingestion: usage in, outcomes and rejections out; covered time by hour; the store's instance id for dedup. */
export const METERING_MANIFEST = defineModule({
  name: 'metering',
  migrations: [1, 3, 6, 20, 24, 26],
  streams: ['USAGE', 'USAGE_DLQ'],
  configSection: 'metering',
  metrics: [
    'hourglass_usage_events_total',
    'hourglass_usage_redeliveries_total',
    'hourglass_usage_redelivered_already_written_total',
    'hourglass_usage_waiting_for_rental_total',
    'hourglass_usage_batch_size',
    'hourglass_clickhouse_insert_seconds',
    'hourglass_usage_batch_seconds',
    'hourglass_consumer_lag_messages',
    'hourglass_usage_parked_events',
    'hourglass_consumer_errors_total',
  ],
});

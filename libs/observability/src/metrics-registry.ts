import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const REDUNDANT_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** One registry per process; every app exposes it on /metrics. */
export function createRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  // No prefix: process_* and nodejs_* are the names every dashboard and alert for a Node process expects.
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which Prometheus's linter refuses; each is the sum over the `type`
  // label of the gauge of the same name without `_total` (e.g. sum(nodejs_active_handles)).
  for (const name of REDUNDANT_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  return registry;
}

export class IngestMetrics {
  readonly events: Counter<'outcome' | 'reason'>;
  readonly redeliveries: Counter;
  readonly redeliveredAlreadyWritten: Counter;
  readonly waitingForRental: Counter;
  readonly batchSize: Histogram;
  readonly insertSeconds: Histogram;
  readonly batchSeconds: Histogram;
  readonly consumerLag: Gauge<'stream' | 'consumer'>;
  readonly parkedEvents: Gauge;
  readonly consumerErrors: Counter;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'hourglass_usage_events_total',
      help: 'Usage events by outcome (accepted, duplicate, rejected) and rejection reason',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
    this.redeliveries = new Counter({
      name: 'hourglass_usage_redeliveries_total',
      help: 'USAGE messages delivered more than once (crash recovery, waiting for a rental, failed batches)',
      registers: [registry],
    });
    this.redeliveredAlreadyWritten = new Counter({
      name: 'hourglass_usage_redelivered_already_written_total',
      help: 'Redelivered messages whose outcome had been written before a crash; acked without writing again',
      registers: [registry],
    });
    this.waitingForRental = new Counter({
      name: 'hourglass_usage_waiting_for_rental_total',
      help: 'Events parked because their rental was not known yet (within the grace period)',
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'hourglass_usage_batch_size',
      help: 'Messages per consumer batch',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers: [registry],
    });
    this.insertSeconds = new Histogram({
      name: 'hourglass_clickhouse_insert_seconds',
      help: 'Duration of ClickHouse inserts of usage outcomes',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: 'hourglass_usage_batch_seconds',
      help: 'Duration of processing one consumer batch, fetch excluded',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.consumerLag = new Gauge({
      name: 'hourglass_consumer_lag_messages',
      help: 'Messages not yet delivered plus delivered and not yet acked, per durable consumer',
      labelNames: ['stream', 'consumer'],
      registers: [registry],
    });
    this.parkedEvents = new Gauge({
      name: 'hourglass_usage_parked_events',
      help: 'Usage events acked and parked until their rental is known, not yet resolved; sampled every 5 s',
      registers: [registry],
    });
    this.consumerErrors = new Counter({
      name: 'hourglass_consumer_errors_total',
      help: 'Batches that failed and were put back for redelivery',
      registers: [registry],
    });
  }
}

import type { Registry } from 'prom-client';
import type { Clock } from '@hourglass/contracts';
import type { RedisClient } from '@hourglass/redis';
import type { LeasedJobDeps } from '../leased-job';
import { PrometheusJobMetrics } from './prometheus-job.metrics';
import { RedisLeaseStore } from './redis-lease.store';

/** What the apps' scheduled jobs run on: fenced leases in Redis, the job metrics in the app's registry. */
export function redisLeasedJobDeps(redis: RedisClient, registry: Registry, clock: Clock, onError: (error: unknown) => void): LeasedJobDeps {
  return { store: new RedisLeaseStore(redis), clock, metrics: PrometheusJobMetrics.for(registry), onError };
}

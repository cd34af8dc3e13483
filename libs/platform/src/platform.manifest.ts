import { defineModule } from '@hourglass/kernel';

/**
 * What PlatformModule brings to every app besides the shared clients: the outbox relay (a leased
 * job) and the kernel's outbox and inbox tables. It publishes on the streams of the modules that
 * enqueue (REF, BILLING), which those modules declare. Migration 25 shards every module's tables on
 * a cluster: it belongs to the store every app shares, not to one module.
 */
export const PLATFORM_MANIFEST = defineModule({
  name: 'platform',
  migrations: [7, 25],
  streams: [],
  configSection: null,
  metrics: ['hourglass_job_runs_total', 'hourglass_job_failures_total', 'hourglass_job_tick_seconds', 'hourglass_job_lease_held'],
});

import { Logger } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { AGE_BUCKETS, BREAK_TYPES } from '../domain/breaks';
import type { ReconStore } from '../ports';

type Value = { labels?: Record<string, string>; value: number; metricName?: string };

/** Bounds of the break-age histogram, in seconds: the age buckets' edges and a year. */
export const BREAK_AGE_BOUNDS = [3_600, 86_400, 259_200, 604_800, 2_592_000, 7_776_000, 31_536_000];
export const ACCURACY_STAGES = ['metered_rated', 'rated_invoiced'] as const;

interface Snapshot {
  aggregates: Awaited<ReturnType<ReconStore['openBreakAggregates']>>;
  histogram: Awaited<ReturnType<ReconStore['openBreakAgeHistogram']>>;
  deltas: Awaited<ReturnType<ReconStore['accuracyDeltas']>>;
}

/**
 * The reconciliation gauges, computed from ClickHouse when Prometheus scrapes (one snapshot per
 * scrape, shared by the four metrics for a second), never from this process's memory: every replica
 * reports the same figures. If ClickHouse does not answer, the metrics are left out of that scrape.
 */
export function registerReconMetrics(registry: Registry, store: ReconStore, nowMs: () => number): void {
  const logger = new Logger('ReconMetrics');
  let cached: { atMs: number; snapshot: Promise<Snapshot | null> } | null = null;
  const snapshot = (): Promise<Snapshot | null> => {
    const now = nowMs();
    if (cached && now - cached.atMs < 1_000) return cached.snapshot;
    const promise = Promise.all([store.openBreakAggregates(now), store.openBreakAgeHistogram(now, BREAK_AGE_BOUNDS), store.accuracyDeltas()])
      .then(([aggregates, histogram, deltas]) => ({ aggregates, histogram, deltas }))
      .catch((error: Error) => {
        logger.warn(`reconciliation metrics left out of this scrape: ${error.message}`);
        return null;
      });
    cached = { atMs: now, snapshot: promise };
    return promise;
  };

  const metric = (name: string, help: string, type: 'gauge' | 'histogram', values: (s: Snapshot) => Value[]) => {
    registry.registerMetric({
      name,
      help,
      type,
      aggregator: 'sum',
      async get() {
        const s = await snapshot();
        return { name, help, type, aggregator: 'sum', values: s ? values(s) : [] };
      },
      reset() {},
    } as unknown as Parameters<Registry['registerMetric']>[0]);
  };

  metric('hourglass_recon_breaks_open', 'Open (and assigned) reconciliation breaks by type and age bucket', 'gauge', (s) => {
    const counts = new Map<string, number>();
    for (const a of s.aggregates) counts.set(`${a.type}|${a.ageBucket}`, (counts.get(`${a.type}|${a.ageBucket}`) ?? 0) + a.count);
    return BREAK_TYPES.flatMap((type) => AGE_BUCKETS.map((age_bucket) => ({ labels: { type, age_bucket }, value: counts.get(`${type}|${age_bucket}`) ?? 0 })));
  });
  metric('hourglass_recon_breaks_open_amount', 'Sum of the amounts of open (and assigned) breaks by type, age bucket and currency, major units', 'gauge', (s) =>
    s.aggregates.filter((a) => a.currency !== '').map((a) => ({ labels: { type: a.type, age_bucket: a.ageBucket, currency: a.currency }, value: Number(a.amount) })),
  );
  metric('hourglass_recon_break_age_seconds', 'Ages of open (and assigned) breaks, seconds since the item they are about', 'histogram', (s) => [
    ...BREAK_AGE_BOUNDS.map((le, i) => ({ metricName: 'hourglass_recon_break_age_seconds_bucket', labels: { le: String(le) }, value: s.histogram.buckets[i] ?? 0 })),
    { metricName: 'hourglass_recon_break_age_seconds_bucket', labels: { le: '+Inf' }, value: s.histogram.count },
    { metricName: 'hourglass_recon_break_age_seconds_sum', value: s.histogram.sum },
    { metricName: 'hourglass_recon_break_age_seconds_count', value: s.histogram.count },
  ]);
  metric('hourglass_billing_accuracy_delta_gpu_ms', 'GPU-ms of open billing-accuracy breaks, summed as absolute values, per stage', 'gauge', (s) =>
    ACCURACY_STAGES.map((stage) => ({ labels: { stage }, value: s.deltas.find((d) => d.stage === stage)?.gpuMs ?? 0 })),
  );
}

export const RECON_METRIC_NAMES = ['hourglass_recon_breaks_open', 'hourglass_recon_breaks_open_amount', 'hourglass_recon_break_age_seconds', 'hourglass_billing_accuracy_delta_gpu_ms'];

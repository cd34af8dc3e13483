import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobMetrics, JobOutcome } from '../ports';

const byRegistry = new WeakMap<Registry, PrometheusJobMetrics>();

/** One set of metrics per registry, shared by every leased job of the process (labelled by job). */
export class PrometheusJobMetrics implements JobMetrics {
  private readonly runs: Counter<'job' | 'outcome'>;
  private readonly failures: Counter<'job'>;
  private readonly seconds: Histogram<'job'>;
  private readonly held: Gauge<'job'>;

  static for(registry: Registry): PrometheusJobMetrics {
    let metrics = byRegistry.get(registry);
    if (!metrics) {
      metrics = new PrometheusJobMetrics(registry);
      byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  private constructor(registry: Registry) {
    const registers = [registry];
    this.runs = new Counter({ name: 'hourglass_job_runs_total', help: 'Leased job ticks by outcome (ran; skipped: another replica holds the lease; failed)', labelNames: ['job', 'outcome'], registers });
    this.failures = new Counter({ name: 'hourglass_job_failures_total', help: 'Leased job ticks that threw (the next tick retries)', labelNames: ['job'], registers });
    this.seconds = new Histogram({ name: 'hourglass_job_tick_seconds', help: 'Duration of one leased job tick', labelNames: ['job'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 120, 600], registers });
    this.held = new Gauge({ name: 'hourglass_job_lease_held', help: '1 while this process holds the job lease', labelNames: ['job'], registers });
  }

  run(job: string, outcome: JobOutcome, seconds: number): void {
    this.runs.inc({ job, outcome });
    if (outcome === 'failed') this.failures.inc({ job });
    if (outcome !== 'skipped') this.seconds.observe({ job }, seconds);
  }

  leaseHeld(job: string, held: boolean): void {
    this.held.set({ job }, held ? 1 : 0);
  }
}

import { Gauge, type Registry } from 'prom-client';
import type { DunningFactStore, DunningMetricsSnapshot } from '../ports';

export const DUNNING_METRICS = [
  'hourglass_dunning_recovery_rate',
  'hourglass_dunning_failed_amount',
  'hourglass_dunning_recovered_amount',
  'hourglass_dunning_time_to_recovery_seconds',
  'hourglass_dunning_cases',
  'hourglass_dunning_involuntary_churn_customers',
] as const;

/** Nearest-rank quantile of ascending values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Gauges computed at scrape time from ClickHouse facts, never from this process's memory: every
 * replica reports the same figures, and a restart loses nothing. One snapshot serves every gauge of
 * a scrape (queries at most every 250 ms).
 */
export class PrometheusDunningMetrics {
  private cached: { atMs: number; value: Promise<DunningMetricsSnapshot | null> } | null = null;

  constructor(
    registry: Registry,
    private readonly facts: DunningFactStore,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    const snapshot = () => this.snapshot();
    new Gauge({
      name: 'hourglass_dunning_recovery_rate',
      help: 'Per currency: amount of recovered dunning cases / amount of every dunning case (what was due when the payment failed); 0..1',
      labelNames: ['currency'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const a of (await snapshot())?.amounts ?? []) if (a.failed.gt(0)) this.set({ currency: a.currency }, Number(a.recovered.div(a.failed).toFixed(6)));
      },
    });
    new Gauge({
      name: 'hourglass_dunning_failed_amount',
      help: 'Per currency: sum of what was due when each dunning case started (major units)',
      labelNames: ['currency'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const a of (await snapshot())?.amounts ?? []) this.set({ currency: a.currency }, Number(a.failed.toFixed(6)));
      },
    });
    new Gauge({
      name: 'hourglass_dunning_recovered_amount',
      help: 'Per currency: sum of the amounts of dunning cases that ended recovered (major units)',
      labelNames: ['currency'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const a of (await snapshot())?.amounts ?? []) this.set({ currency: a.currency }, Number(a.recovered.toFixed(6)));
      },
    });
    new Gauge({
      name: 'hourglass_dunning_time_to_recovery_seconds',
      help: 'Seconds from the failed payment to the recovery, over the latest 10,000 recovered cases: quantile 0.5, 0.9 and 1 (the longest)',
      labelNames: ['quantile'],
      registers: [registry],
      async collect() {
        this.reset();
        const seconds = [...((await snapshot())?.recoverySeconds ?? [])].sort((a, b) => a - b);
        if (seconds.length === 0) return;
        for (const q of [0.5, 0.9, 1]) this.set({ quantile: String(q) }, quantile(seconds, q));
      },
    });
    new Gauge({
      name: 'hourglass_dunning_cases',
      help: 'Dunning cases by current state: scheduled, exhausted, recovered, cancelled',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const s of (await snapshot())?.casesByState ?? []) this.set({ state: s.state }, s.cases);
      },
    });
    new Gauge({
      name: 'hourglass_dunning_involuntary_churn_customers',
      help: 'Customers suspended for an unpaid invoice and not reinstated (latest suspension fact is suspend)',
      registers: [registry],
      async collect() {
        const s = await snapshot();
        if (s) this.set(s.suspendedCustomers);
      },
    });
  }

  private snapshot(): Promise<DunningMetricsSnapshot | null> {
    const now = performance.now();
    if (!this.cached || now - this.cached.atMs > 250) {
      this.cached = {
        atMs: now,
        value: this.facts.metrics().catch((error: unknown) => {
          this.onError(error);
          return null;
        }),
      };
    }
    return this.cached.value;
  }
}

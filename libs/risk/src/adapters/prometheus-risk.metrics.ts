import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FraudRule } from '../domain/fraud-rules';
import type { FraudSignalMetrics, ScreeningMetrics } from '../ports';

/**
 * - `hourglass_screenings_total{decision,trigger}`: screenings by decision, and why they ran
 *   (`changed`, `refresh`, `payout`, `manual`, `adhoc` for POST /v1/screenings);
 * - `hourglass_screening_seconds`: one decision's matching time (the median must stay under 50 ms);
 * - `hourglass_screening_reviews_total{decision}`: reviewers' decisions;
 * - `hourglass_sanctions_list_names{list}`: names (with aliases) of the last version loaded here;
 * - `hourglass_risk_signals_total{rule}`: fraud signals raised, per rule (README: one per rule, subject, window).
 */
export class PrometheusRiskMetrics implements ScreeningMetrics, FraudSignalMetrics {
  private readonly screenings: Counter<'decision' | 'trigger'>;
  private readonly seconds: Histogram;
  private readonly reviews: Counter<'decision'>;
  private readonly names: Gauge<'list'>;
  private readonly signals: Counter<'rule'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.screenings = new Counter({ name: 'hourglass_screenings_total', help: 'Sanctions screenings by decision and trigger', labelNames: ['decision', 'trigger'], registers });
    this.seconds = new Histogram({ name: 'hourglass_screening_seconds', help: 'Matching time of one screening decision', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers });
    this.reviews = new Counter({ name: 'hourglass_screening_reviews_total', help: 'Reviewer decisions on screening cases', labelNames: ['decision'], registers });
    this.names = new Gauge({ name: 'hourglass_sanctions_list_names', help: 'Names, aliases included, of the sanctions list version last loaded by this process', labelNames: ['list'], registers });
    this.signals = new Counter({ name: 'hourglass_risk_signals_total', help: 'Usage-fraud signals raised, by rule', labelNames: ['rule'], registers });
  }

  screened(decision: string, trigger: string, seconds: number): void {
    this.screenings.inc({ decision, trigger });
    this.seconds.observe(seconds);
  }

  reviewed(decision: 'clear' | 'block'): void {
    this.reviews.inc({ decision });
  }

  listLoaded(list: string, names: number): void {
    this.names.set({ list }, names);
  }

  fired(rule: FraudRule, count: number): void {
    this.signals.inc({ rule }, count);
  }
}

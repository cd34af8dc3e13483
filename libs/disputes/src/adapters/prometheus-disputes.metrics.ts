import { Gauge, type Registry } from 'prom-client';
import type { DisputeGauges } from '../ports';

/**
 * The disputes gauges, set on each sync (CONTRACTS §9; formulas in libs/disputes/README.md):
 * - `hourglass_disputes_chargeback_rate{basis,provider,month,currency}`: disputes opened in the month ÷
 *   payments captured in it (`count`, currency `all`), or disputed ÷ captured amount per currency (`amount`).
 * - `hourglass_disputes_response_due{window}`: disputes still needing our response whose deadline is
 *   past (`overdue`) or within 24 h / 72 h (cumulative: the 72 h count includes the 24 h one).
 * - `hourglass_disputes_open{status}`: disputes in `needs_response` and `under_review`.
 */
export class PrometheusDisputesMetrics implements DisputeGauges {
  private readonly rate: Gauge<'basis' | 'provider' | 'month' | 'currency'>;
  private readonly due: Gauge<'window'>;
  private readonly openGauge: Gauge<'status'>;

  constructor(registry: Registry) {
    this.rate = new Gauge({
      name: 'hourglass_disputes_chargeback_rate',
      help: 'Chargeback rate per processor and month: count basis = disputes opened ÷ payments captured in the month; amount basis = disputed ÷ captured amount, per currency',
      labelNames: ['basis', 'provider', 'month', 'currency'],
      registers: [registry],
    });
    this.due = new Gauge({
      name: 'hourglass_disputes_response_due',
      help: 'Disputes needing a response by deadline window: overdue, 24h, 72h (cumulative)',
      labelNames: ['window'],
      registers: [registry],
    });
    this.openGauge = new Gauge({ name: 'hourglass_disputes_open', help: 'Open disputes by status', labelNames: ['status'], registers: [registry] });
  }

  responseDue(counts: Readonly<Record<'overdue' | 'due_24h' | 'due_72h', number>>): void {
    this.due.set({ window: 'overdue' }, counts.overdue);
    this.due.set({ window: '24h' }, counts.due_24h);
    this.due.set({ window: '72h' }, counts.due_72h);
  }

  open(counts: ReadonlyMap<string, number>): void {
    for (const [status, n] of counts) this.openGauge.set({ status }, n);
  }

  chargebackRates(rates: ReadonlyArray<{ basis: string; provider: string; month: string; currency: string; rate: number }>): void {
    // Months roll out of the 12-month window: reset so that a dropped series disappears.
    this.rate.reset();
    for (const r of rates) this.rate.set({ basis: r.basis, provider: r.provider, month: r.month, currency: r.currency }, r.rate);
  }
}

import { Counter, Gauge, type Registry } from 'prom-client';
import { MS_PER_DAY } from '@hourglass/time';
import { dsoDays } from '../domain/dso';
import type { Clock, FinanceSnapshot, FinanceSnapshotSource } from '../ports';

export const FINANCE_METRICS = [
  'hourglass_receivables_dso_days',
  'hourglass_receivables_outstanding_amount',
  'hourglass_receivables_invoiced_window_amount',
  'hourglass_invoices_amount',
  'hourglass_invoices',
  'hourglass_payouts_amount',
  'hourglass_finance_metrics_errors_total',
] as const;

export interface FinanceMetricsOptions {
  dsoWindowDays: number;
  /** One ClickHouse read serves every scrape within this age (0: read on every scrape). */
  maxAgeMs: number;
}

/**
 * The finance gauges, read from ClickHouse when Prometheus scrapes (at most once per `maxAgeMs`), so
 * every replica reports the same truth and a restarted process reports it from its first scrape.
 * A failed read empties the gauges and counts an error: a stale figure shown as current would be
 * worse than a gap, which an `absent()` alert sees.
 */
export class PrometheusFinanceMetrics {
  private cached: { atMs: number; inFlight: boolean; snapshot: Promise<FinanceSnapshot | null> } | null = null;

  constructor(
    registry: Registry,
    private readonly source: FinanceSnapshotSource,
    private readonly clock: Clock,
    private readonly options: FinanceMetricsOptions,
  ) {
    const registers = [registry];
    const read = (): Promise<FinanceSnapshot | null> => this.snapshot(errors);
    // Waits for the scrape's read too, so that a failure shows in the same scrape that lacks the gauges.
    const errors: Counter = new Counter({
      name: 'hourglass_finance_metrics_errors_total',
      help: 'Failed ClickHouse reads of the finance gauges (they show no samples until the next read succeeds)',
      registers,
      collect: async () => {
        await read();
      },
    });
    // prom-client calls collect with the gauge as `this`; `fill` sets its samples from the snapshot.
    const refreshed = (fill: (s: FinanceSnapshot) => void) =>
      async function (this: Gauge) {
        this.reset();
        const snapshot = await read();
        if (snapshot) fill.call(this, snapshot);
      };
    new Gauge({
      name: 'hourglass_receivables_dso_days',
      help: `Days sales outstanding per currency over the last ${options.dsoWindowDays} days: receivables outstanding ÷ invoiced in the window × window days; no sample when nothing was invoiced in the window`,
      labelNames: ['currency'],
      registers,
      collect: refreshed(function (this: Gauge<'currency'>, s: FinanceSnapshot) {
        for (const r of s.receivables) {
          const dso = dsoDays(r, options.dsoWindowDays);
          if (dso) this.set({ currency: r.currency }, dso.round(3).toNumber());
        }
      }),
    } as never);
    new Gauge({
      name: 'hourglass_receivables_outstanding_amount',
      help: 'Still due on finalized and uncollectible invoices, major units of currency (the DSO numerator)',
      labelNames: ['currency'],
      registers,
      collect: refreshed(function (this: Gauge<'currency'>, s) {
        for (const r of s.receivables) this.set({ currency: r.currency }, Number(r.outstanding));
      }),
    } as never);
    new Gauge({
      name: 'hourglass_receivables_invoiced_window_amount',
      help: `Invoice totals issued in the last ${options.dsoWindowDays} days, void left out, major units of currency (the DSO denominator)`,
      labelNames: ['currency'],
      registers,
      collect: refreshed(function (this: Gauge<'currency'>, s) {
        for (const r of s.receivables) this.set({ currency: r.currency }, Number(r.invoicedInWindow));
      }),
    } as never);
    new Gauge({
      name: 'hourglass_invoices_amount',
      help: 'Sum of invoice totals ever issued, by currency and current status (finalized, uncollectible, paid, void), major units',
      labelNames: ['currency', 'status'],
      registers,
      collect: refreshed(function (this: Gauge<'currency' | 'status'>, s) {
        for (const r of s.invoices) this.set({ currency: r.currency, status: r.status }, Number(r.amount));
      }),
    } as never);
    new Gauge({
      name: 'hourglass_invoices',
      help: 'Invoices ever issued, by currency and current status',
      labelNames: ['currency', 'status'],
      registers,
      collect: refreshed(function (this: Gauge<'currency' | 'status'>, s) {
        for (const r of s.invoices) this.set({ currency: r.currency, status: r.status }, r.invoices);
      }),
    } as never);
    new Gauge({
      name: 'hourglass_payouts_amount',
      help: 'Sum of earned payout statements ever issued, by currency and kind (gross, platform_fee, net), major units',
      labelNames: ['currency', 'kind'],
      registers,
      collect: refreshed(function (this: Gauge<'currency' | 'kind'>, s) {
        for (const r of s.payouts) {
          this.set({ currency: r.currency, kind: 'gross' }, Number(r.gross));
          this.set({ currency: r.currency, kind: 'platform_fee' }, Number(r.platformFee));
          this.set({ currency: r.currency, kind: 'net' }, Number(r.net));
        }
      }),
    } as never);
  }

  /**
   * One read shared by the gauges of a scrape (they collect concurrently, so an in-flight read is
   * reused) and by later scrapes while it is younger than maxAgeMs.
   */
  private snapshot(errors: Counter): Promise<FinanceSnapshot | null> {
    const nowMs = this.clock.nowMs();
    const c = this.cached;
    if (c && (c.inFlight || (nowMs >= c.atMs && nowMs - c.atMs < this.options.maxAgeMs))) return c.snapshot;
    const entry = { atMs: nowMs, inFlight: true, snapshot: Promise.resolve<FinanceSnapshot | null>(null) };
    entry.snapshot = this.source
      .read(nowMs, nowMs - this.options.dsoWindowDays * MS_PER_DAY)
      .catch(() => {
        errors.inc();
        this.cached = null;
        return null;
      })
      .finally(() => {
        entry.inFlight = false;
      });
    this.cached = entry;
    return entry.snapshot;
  }
}

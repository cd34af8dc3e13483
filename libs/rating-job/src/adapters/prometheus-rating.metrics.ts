import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { MS_PER_SECOND } from '@hourglass/time';
import type { UnpricedReason } from '../domain';
import type { RatingMetrics, TickOutcome } from '../ports';

export class PrometheusRatingMetrics implements RatingMetrics {
  private readonly ticks: Counter<'outcome'>;
  private readonly tickSeconds: Histogram;
  private readonly cells: Counter<'source'>;
  private readonly unpricedGpuSeconds: Counter<'reason'>;
  private readonly lagEvents: Gauge;
  private readonly gapSeqs: Gauge;
  private readonly booksRerating: Gauge;
  private readonly expired: Counter;
  private readonly alerts: Counter<'threshold'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.ticks = new Counter({ name: 'hourglass_rating_ticks_total', help: 'Rating job ticks by outcome (rated, idle, skipped: another instance holds the lease, failed)', labelNames: ['outcome'], registers });
    this.tickSeconds = new Histogram({ name: 'hourglass_rating_tick_seconds', help: 'Duration of one rating tick', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.cells = new Counter({ name: 'hourglass_rating_cells_total', help: '(rental, hour) cells rated, because usage touched them or a price book changed', labelNames: ['source'], registers });
    this.unpricedGpuSeconds = new Counter({ name: 'hourglass_rating_unpriced_gpu_seconds_total', help: 'Covered GPU-seconds a rating found unpriceable (before the first price version, or no rate for the model and class); a cell rated again counts again', labelNames: ['reason'], registers });
    this.lagEvents = new Gauge({ name: 'hourglass_rating_lag_events', help: 'Usage outcomes written but not read by the rating job yet (highest stream sequence minus its watermark)', registers });
    this.gapSeqs = new Gauge({ name: 'hourglass_rating_gap_seqs', help: 'Stream sequences below the rating watermark still awaited (out-of-order writes)', registers });
    this.booksRerating = new Gauge({ name: 'hourglass_rating_books_rerating', help: 'Price books whose hours are being re-rated after a new version', registers });
    this.expired = new Counter({ name: 'hourglass_rating_gap_seqs_expired_total', help: 'Awaited stream sequences given up after the gap timeout', registers });
    this.alerts = new Counter({ name: 'hourglass_credit_alerts_published_total', help: 'Credit-limit alerts published on billing.v1.alerts', labelNames: ['threshold'], registers });
  }

  tick(outcome: TickOutcome, seconds: number): void {
    this.ticks.inc({ outcome });
    if (outcome === 'rated' || outcome === 'idle') this.tickSeconds.observe(seconds);
  }

  cellsRated(source: 'usage' | 'rerate', count: number): void {
    if (count > 0) this.cells.inc({ source }, count);
  }

  unpriced(reason: UnpricedReason, gpuMs: bigint): void {
    // Base units, as Prometheus names them: GPU-seconds, with the milliseconds kept as a fraction.
    this.unpricedGpuSeconds.inc({ reason }, Number(gpuMs) / MS_PER_SECOND);
  }

  progress(lagEvents: number, gapSeqs: number, booksRerating: number): void {
    this.lagEvents.set(lagEvents);
    this.gapSeqs.set(gapSeqs);
    this.booksRerating.set(booksRerating);
  }

  gapsExpired(seqs: number): void {
    this.expired.inc(seqs);
  }

  alertPublished(threshold: number): void {
    this.alerts.inc({ threshold: String(threshold) });
  }
}

import { Counter, Histogram, type Registry } from 'prom-client';
import type { LedgerMetrics } from '../ports';

export class PrometheusLedgerMetrics implements LedgerMetrics {
  private readonly syncs: Counter<'outcome'>;
  private readonly syncSeconds: Histogram;
  private readonly posted: Counter<'kind'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.syncs = new Counter({
      name: 'hourglass_ledger_syncs_total',
      help: 'Ledger posting syncs by outcome: complete, incomplete (stopped at its page bound; the next continues), failed (retried by the next)',
      labelNames: ['outcome'],
      registers,
    });
    this.syncSeconds = new Histogram({ name: 'hourglass_ledger_sync_seconds', help: 'Duration of one ledger sync', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers });
    this.posted = new Counter({ name: 'hourglass_ledger_transactions_posted_total', help: 'Ledger transactions appended, by the kind of fact that caused them', labelNames: ['kind'], registers });
  }

  syncFinished(posted: Readonly<Record<string, number>>, complete: boolean, seconds: number): void {
    this.syncs.inc({ outcome: complete ? 'complete' : 'incomplete' });
    this.syncSeconds.observe(seconds);
    for (const [kind, n] of Object.entries(posted)) if (n > 0) this.posted.inc({ kind }, n);
  }

  syncFailed(): void {
    this.syncs.inc({ outcome: 'failed' });
  }
}

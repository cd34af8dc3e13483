import type { IngestMetrics } from '@hourglass/observability';
import type { MeteringMetrics, UsageOutcome, UsageOutcomeRepository } from '../ports';

export class PrometheusMeteringMetrics implements MeteringMetrics {
  constructor(private readonly metrics: IngestMetrics) {}

  recorded(outcomes: readonly UsageOutcome[]): void {
    let accepted = 0;
    let duplicate = 0;
    for (const o of outcomes) {
      if (o.kind === 'accepted') accepted++;
      else if (o.kind === 'duplicate') duplicate++;
      else this.metrics.events.inc({ outcome: 'rejected', reason: o.reason });
    }
    if (accepted) this.metrics.events.inc({ outcome: 'accepted', reason: '' }, accepted);
    if (duplicate) this.metrics.events.inc({ outcome: 'duplicate', reason: '' }, duplicate);
  }

  redeliveredAlreadyWritten(count: number): void {
    this.metrics.redeliveredAlreadyWritten.inc(count);
  }

  waitingForRental(count: number): void {
    this.metrics.waitingForRental.inc(count);
  }
}

/** Times the durable write of every batch: the insert-latency histogram on /metrics. */
export class TimedUsageOutcomeRepository implements UsageOutcomeRepository {
  constructor(
    private readonly inner: UsageOutcomeRepository,
    private readonly metrics: IngestMetrics,
  ) {}

  existingSeqs(seqs: readonly number[]): Promise<Set<number>> {
    return this.inner.existingSeqs(seqs);
  }

  highestSeq(): Promise<number> {
    return this.inner.highestSeq();
  }

  async insert(outcomes: readonly UsageOutcome[]): Promise<void> {
    const stop = this.metrics.insertSeconds.startTimer();
    try {
      await this.inner.insert(outcomes);
    } finally {
      stop();
    }
  }
}

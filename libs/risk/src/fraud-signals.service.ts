import { DomainError, type Clock, type Outbox } from '@hourglass/contracts';
import { FRAUD_RULE_NAMES, FRAUD_RULES, signalId, signalWindow, type FraudRule, type FraudThresholds, type SignalWindow } from './domain/fraud-rules';
import { fraudSignalMessage } from './domain/risk-events';
import type { FraudSignalMetrics, FraudSignalStore, StoredSignal } from './ports';

export class InvalidSignalQueryError extends DomainError {
  constructor(message: string) {
    super('invalid_signal_query', message);
  }
}

export interface EvaluationResult {
  window: { from: string; to: string };
  fired: Record<FraudRule, number>;
}

/**
 * Evaluates every fraud rule over a window and records what fired: the signal rows, then their
 * `risk.v1.signals` events through the outbox (ids named by rule, subject and window, so evaluating
 * a window twice, on one replica or two, is one signal and one event).
 */
export class FraudSignalsService {
  private lastWindowEndMs: number | null = null;

  constructor(
    private readonly store: FraudSignalStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly thresholds: FraudThresholds,
    private readonly windowMs: number,
    private readonly metrics: FraudSignalMetrics,
  ) {}

  /** The job's tick: the window ending at the last whole hour, once per hour per process. */
  async tick(): Promise<EvaluationResult | null> {
    const window = signalWindow(this.clock.nowMs(), this.windowMs);
    if (window.toMs === this.lastWindowEndMs) return null;
    const result = await this.evaluate(window);
    this.lastWindowEndMs = window.toMs;
    return result;
  }

  async evaluate(window: SignalWindow): Promise<EvaluationResult> {
    const fired = {} as Record<FraudRule, number>;
    const detectedAtMs = this.clock.nowMs();
    const signals: StoredSignal[] = [];
    for (const rule of FRAUD_RULE_NAMES) {
      const rows = await this.store.evaluate(rule, window, this.thresholds);
      fired[rule] = rows.length;
      for (const row of rows) signals.push({ ...row, signalId: signalId(row, window), window, detectedAtMs });
    }
    if (signals.length > 0) {
      const at = new Date(detectedAtMs).toISOString();
      // Events first, rows second: a crash between them re-evaluates the window on restart and
      // writes both again under the same ids.
      await this.outbox.enqueue(
        signals.map((s) =>
          fraudSignalMessage({
            rule: s.rule,
            signalId: s.signalId,
            subject: { kind: s.subjectKind, id: s.subjectId },
            windowStart: new Date(window.fromMs).toISOString(),
            windowEnd: new Date(window.toMs).toISOString(),
            value: s.value,
            threshold: s.threshold,
            detail: { ...s.detail, summary: FRAUD_RULES[s.rule].summary },
            at,
          }),
        ),
        `risk-signals:${window.toMs}:${signals.length}`,
      );
      await this.store.append(signals);
    }
    for (const rule of FRAUD_RULE_NAMES) this.metrics.fired(rule, fired[rule]);
    return { window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() }, fired };
  }

  list(filter: { rule?: string; limit?: number }): Promise<StoredSignal[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new InvalidSignalQueryError('limit must be a whole number from 1 to 1000');
    if (filter.rule !== undefined && !(FRAUD_RULE_NAMES as string[]).includes(filter.rule)) throw new InvalidSignalQueryError(`rule must be one of ${FRAUD_RULE_NAMES.join(', ')}`);
    return this.store.list({ rule: filter.rule as FraudRule | undefined, limit });
  }
}

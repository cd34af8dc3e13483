import { chDateTime } from '@hourglass/clickhouse';
import type { DunningFact, SuspensionFact } from '../domain';

export function dunningFactToRow(f: DunningFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: f.factId,
    invoice_id: f.invoiceId,
    customer_id: f.customerId,
    segment: f.segment,
    currency: f.currency,
    amount: f.amount.toFixed(),
    event: f.event,
    state: f.state,
    step: f.step,
    attempt: f.attempt,
    attempts_max: f.attemptsMax,
    next_attempt_at: f.nextAttemptAtMs === null ? null : chDateTime(f.nextAttemptAtMs),
    failed_at: chDateTime(f.failedAtMs),
    started_at: chDateTime(f.startedAtMs),
    grace_ends_at: chDateTime(f.graceEndsAtMs),
    occurred_at: chDateTime(f.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
    detail: f.detail,
  };
}

export function suspensionToRow(f: SuspensionFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: f.factId,
    customer_id: f.customerId,
    seq: f.seq,
    action: f.action,
    reason: f.reason,
    invoice_ids: f.invoiceIds,
    occurred_at: chDateTime(f.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
  };
}

/** A nullable DateTime64 read as epoch ms: ClickHouse gives '' or '\\N'-like text for null through toString. */
export function msOrNull(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw === '' || raw === '0') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

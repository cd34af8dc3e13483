import type { OutboxMessage } from '@hourglass/contracts';
import type { DunningEvent, DunningFact } from './case';
import type { SuspensionFact } from './suspension';

export const DUNNING_SUBJECT_PREFIX = 'billing.v1.dunning.';
export const SUSPENSIONS_SUBJECT = 'marketplace.v1.suspensions';

/** Events customers are told about; `retry_attempted` is internal (the outcome follows). */
export const NOTIFIED_EVENTS: readonly DunningEvent[] = ['started', 'retry_scheduled', 'retry_failed', 'exhausted', 'recovered', 'cancelled'];

/**
 * `billing.v1.dunning.<event>`: the fact's id is the message id (Nats-Msg-Id), so the outbox relay's
 * redelivery and a second writer of the same fact are one message.
 */
export function dunningMessage(f: DunningFact, formatAmount: (f: DunningFact) => string): OutboxMessage | null {
  if (!NOTIFIED_EVENTS.includes(f.event)) return null;
  const body = {
    id: `dunning:${f.factId}`,
    event: f.event,
    invoiceId: f.invoiceId,
    customerId: f.customerId,
    segment: f.segment,
    currency: f.currency,
    amountDue: formatAmount(f),
    attempt: f.attempt,
    attemptsMax: f.attemptsMax,
    nextAttemptAt: f.nextAttemptAtMs === null ? null : new Date(f.nextAttemptAtMs).toISOString(),
    graceEndsAt: new Date(f.graceEndsAtMs).toISOString(),
    at: new Date(f.occurredAtMs).toISOString(),
  };
  return { id: body.id, subject: `${DUNNING_SUBJECT_PREFIX}${f.event}`, payload: JSON.stringify(body) };
}

/** CONTRACTS §6: `{customerId, action, reason, at}` on `marketplace.v1.suspensions`. */
export function suspensionMessage(f: SuspensionFact): OutboxMessage {
  const body = { customerId: f.customerId, action: f.action, reason: f.reason, at: new Date(f.occurredAtMs).toISOString() };
  return { id: `suspension:${f.factId}`, subject: SUSPENSIONS_SUBJECT, payload: JSON.stringify(body) };
}

import type { Clock } from '@hourglass/contracts';
import { retryDelayMs, signatureHeader, SIGNATURE_HEADER, type RetryPolicy, type WebhookEndpoint } from './domain';
import type { DeliveryAttempt, HttpPoster, StoredEvent } from './ports';

export interface AttemptResult {
  attempt: DeliveryAttempt;
  /** When to try again, or null: delivered, or out of attempts. */
  retryInMs: number | null;
}

/**
 * One signed POST of one event. Only a 2xx counts as delivered (like Stripe, a redirect is a failure:
 * the endpoint's URL is the one to fix). The event's own id goes in a header too, so a receiver can
 * drop a second copy without parsing the body.
 */
export async function attemptDelivery(
  endpoint: WebhookEndpoint,
  event: StoredEvent,
  attempt: number,
  context: { http: HttpPoster; clock: Clock; retry: RetryPolicy; timeoutMs: number; replay?: boolean },
): Promise<AttemptResult> {
  const startedMs = context.clock.nowMs();
  const headers = {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'user-agent': 'Hourglass-Webhooks/1',
    'hourglass-event-id': event.id,
    'hourglass-event-type': event.type,
    [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(event.body, endpoint.secret, Math.floor(startedMs / 1000)),
  };
  let httpStatus = 0;
  let error = '';
  try {
    httpStatus = await context.http.post(endpoint.url, event.body, headers, context.timeoutMs);
    if (httpStatus < 200 || httpStatus >= 300) error = `answered HTTP ${httpStatus}`;
  } catch (cause) {
    error = (cause as Error).message || String(cause);
  }
  const delivered = error === '';
  const retryInMs = delivered || context.replay ? null : retryDelayMs(attempt, context.retry);
  return {
    attempt: {
      endpointId: endpoint.endpointId,
      eventId: event.id,
      eventType: event.type,
      attempt,
      outcome: delivered ? 'delivered' : retryInMs === null ? 'failed' : 'retrying',
      httpStatus,
      error,
      durationMs: Math.max(0, context.clock.nowMs() - startedMs),
      replay: context.replay ?? false,
      atMs: startedMs,
    },
    retryInMs,
  };
}

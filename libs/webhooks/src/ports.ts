import type { WebhookEndpoint } from './domain';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

/** One attempt to deliver one event to one endpoint: the delivery log's row. */
export interface DeliveryAttempt {
  endpointId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: DeliveryOutcome;
  /** 0 when no answer came (refused, timed out). */
  httpStatus: number;
  error: string;
  durationMs: number;
  replay: boolean;
  atMs: number;
}

/** An outgoing event as the outbox holds it: the CloudEvent body, byte for byte. */
export interface StoredEvent {
  id: string;
  type: string;
  body: string;
}

export interface WebhookStore {
  saveEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  endpoints(): Promise<WebhookEndpoint[]>;
  endpoint(endpointId: string): Promise<WebhookEndpoint | null>;
  recordAttempts(attempts: readonly DeliveryAttempt[]): Promise<void>;
  deliveries(endpointId: string, filter: { eventId?: string; limit: number; beforeMs?: number }): Promise<DeliveryAttempt[]>;
  /** Outgoing events by id, or those written in [fromMs, toMs), oldest first, at most `limit`. */
  events(selection: { eventIds?: readonly string[]; fromMs?: number; toMs?: number; limit: number }): Promise<StoredEvent[]>;
}

/** POSTs a body; resolves with the status of any answer, rejects when none came. */
export interface HttpPoster {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number>;
}

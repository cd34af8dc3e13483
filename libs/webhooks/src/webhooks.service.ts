import type { Clock } from '@hourglass/contracts';
import { endpointFrom, WebhookError, wants, type EndpointRequest, type RetryPolicy, type WebhookEndpoint } from './domain';
import type { DeliveryAttempt, HttpPoster, WebhookStore } from './ports';
import { attemptDelivery } from './webhook-delivery';

/** An endpoint as the API shows it: the secret only when it was just made or changed. */
export interface EndpointView {
  endpointId: string;
  url: string;
  types: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  secret?: string;
}

export interface ReplayRequest {
  eventIds?: unknown;
  from?: unknown;
  to?: unknown;
}

const REPLAY_MAX = 1_000;

export class WebhooksService {
  constructor(
    private readonly store: WebhookStore,
    private readonly http: HttpPoster,
    private readonly clock: Clock,
    private readonly options: { retry: RetryPolicy; timeoutMs: number },
  ) {}

  /**
   * Creates or changes an endpoint, by the caller's endpointId: sending the same request again
   * changes nothing a receiver would notice. The secret is shown in this answer only.
   */
  async upsert(request: EndpointRequest): Promise<{ created: boolean; endpoint: EndpointView }> {
    const existing = typeof request.endpointId === 'string' ? await this.store.endpoint(request.endpointId) : null;
    const endpoint = endpointFrom(request, existing, this.clock.nowMs());
    const unchanged =
      existing &&
      existing.url === endpoint.url &&
      existing.secret === endpoint.secret &&
      existing.enabled === endpoint.enabled &&
      existing.types.join() === endpoint.types.join();
    if (!unchanged) await this.store.saveEndpoint(endpoint);
    return { created: existing === null, endpoint: { ...view(unchanged ? existing : endpoint), secret: endpoint.secret } };
  }

  async list(): Promise<EndpointView[]> {
    return (await this.store.endpoints()).map(view);
  }

  async deliveries(endpointId: string, filter: { eventId?: string; limit?: number; before?: string }): Promise<DeliveryAttempt[]> {
    await this.endpointOrThrow(endpointId);
    const beforeMs = filter.before ? Date.parse(filter.before) : undefined;
    if (beforeMs !== undefined && Number.isNaN(beforeMs)) throw new WebhookError('invalid_query', 'before must be an ISO instant');
    return this.store.deliveries(endpointId, { eventId: filter.eventId, beforeMs, limit: Math.min(Math.max(filter.limit ?? 100, 1), 1_000) });
  }

  /**
   * Sends chosen events again, now, once each (no retries: a replay is a person's decision, and they
   * see each result). Receivers drop copies by the event id, which a replay keeps.
   */
  async replay(endpointId: string, request: ReplayRequest): Promise<{ replayed: number; delivered: number; failed: DeliveryAttempt[] }> {
    const endpoint = await this.endpointOrThrow(endpointId);
    const selection = replaySelection(request);
    const events = (await this.store.events({ ...selection, limit: REPLAY_MAX })).filter((e) => wants(endpoint, e.type));
    const attempts: DeliveryAttempt[] = [];
    for (const event of events) {
      const { attempt } = await attemptDelivery(endpoint, event, 1, { http: this.http, clock: this.clock, ...this.options, replay: true });
      attempts.push(attempt);
    }
    await this.store.recordAttempts(attempts);
    return { replayed: attempts.length, delivered: attempts.filter((a) => a.outcome === 'delivered').length, failed: attempts.filter((a) => a.outcome !== 'delivered') };
  }

  private async endpointOrThrow(endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.endpoint(endpointId);
    if (!endpoint) throw new WebhookError('not_found', `no webhook endpoint ${endpointId}; GET /v1/webhook-endpoints lists them`);
    return endpoint;
  }
}

function replaySelection(request: ReplayRequest): { eventIds?: string[]; fromMs?: number; toMs?: number } {
  const { eventIds, from, to } = request ?? {};
  if (eventIds !== undefined) {
    if (!Array.isArray(eventIds) || eventIds.length === 0 || eventIds.some((id) => typeof id !== 'string')) {
      throw new WebhookError('invalid_payload', 'eventIds must be a non-empty list of event ids');
    }
    return { eventIds: eventIds as string[] };
  }
  const fromMs = typeof from === 'string' ? Date.parse(from) : NaN;
  const toMs = to === undefined ? undefined : typeof to === 'string' ? Date.parse(to) : NaN;
  if (Number.isNaN(fromMs) || (toMs !== undefined && Number.isNaN(toMs))) {
    throw new WebhookError('invalid_payload', `give eventIds, or from (and optionally to) as ISO instants; at most ${REPLAY_MAX} events a request`);
  }
  return { fromMs, toMs };
}

function view(e: WebhookEndpoint): EndpointView {
  return {
    endpointId: e.endpointId,
    url: e.url,
    types: e.types,
    enabled: e.enabled,
    createdAt: new Date(e.createdAtMs).toISOString(),
    updatedAt: new Date(e.updatedAtMs).toISOString(),
  };
}

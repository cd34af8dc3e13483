import { randomBytes } from 'node:crypto';
import { DomainError, type OutgoingEventType } from '@hourglass/contracts';

export const EVENT_TYPES: readonly OutgoingEventType[] = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.voided',
  'credit_note.created',
  'payout.paid',
  'dispute.opened',
  'break.opened',
];

/** A receiver of outgoing events over HTTP. Versions are append-only; the latest one counts. */
export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  secret: string;
  /** Event types it wants; empty: all of them. */
  types: OutgoingEventType[];
  enabled: boolean;
  /** Events from this instant on are sent to it: an endpoint is not flooded with the past. */
  createdAtMs: number;
  updatedAtMs: number;
}

export interface EndpointRequest {
  endpointId?: unknown;
  url?: unknown;
  secret?: unknown;
  types?: unknown;
  enabled?: unknown;
}

export class WebhookError extends DomainError {}

/** Validates a create or update; `existing` keeps the secret and creation time of an update. */
export function endpointFrom(request: EndpointRequest, existing: WebhookEndpoint | null, nowMs: number): WebhookEndpoint {
  const endpointId = request.endpointId;
  if (typeof endpointId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(endpointId)) {
    throw new WebhookError('invalid_payload', 'endpointId must be 1-64 letters, digits, "_" or "-", starting with a letter or digit');
  }
  const url = request.url ?? existing?.url;
  if (typeof url !== 'string' || !isHttpUrl(url)) throw new WebhookError('invalid_payload', 'url must be an http:// or https:// URL');
  const types = request.types ?? existing?.types ?? [];
  if (!Array.isArray(types) || types.some((t) => !(EVENT_TYPES as readonly unknown[]).includes(t))) {
    throw new WebhookError('invalid_payload', `types must be a list of ${EVENT_TYPES.join(', ')} (empty: all)`);
  }
  const secret = request.secret ?? existing?.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  if (typeof secret !== 'string' || secret.length < 16) throw new WebhookError('invalid_payload', 'secret must be at least 16 characters (leave it out to get one)');
  const enabled = request.enabled ?? true;
  if (typeof enabled !== 'boolean') throw new WebhookError('invalid_payload', 'enabled must be true or false');
  return { endpointId, url, secret, types: [...new Set(types as OutgoingEventType[])].sort(), enabled, createdAtMs: existing?.createdAtMs ?? nowMs, updatedAtMs: nowMs };
}

export function wants(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.types.length === 0 || (endpoint.types as string[]).includes(type);
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

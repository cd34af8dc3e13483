import { createHash } from 'node:crypto';
import { InvoicingError } from './invoicing-error';

/**
 * A request made idempotent by a client-chosen key (the `Idempotency-Key` header, as Stripe does):
 * the same key with the same request returns the first answer and writes nothing twice; the same key
 * with another request is refused, never silently answered with someone else's result.
 */
export interface IdempotentRequest {
  key: string;
  /** What the request does and to what: the fingerprint covers it, so a key names one request. */
  operation: string;
  fingerprint: string;
}

/**
 * A key's record. `pending` is written before the work, `completed` (with the answer) after it:
 * a request that died in between is run again with the same derived ids, which its writes
 * recognise, so the retry finishes the first attempt instead of repeating it.
 */
export interface IdempotencyRecord {
  key: string;
  operation: string;
  fingerprint: string;
  state: 'pending' | 'completed';
  /** The JSON answer of the completed request. */
  response: string | null;
  createdAtMs: number;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

export function assertValidKey(key: string): void {
  if (!KEY.test(key)) throw new InvoicingError('invalid_idempotency_key', 'an Idempotency-Key is 1 to 255 printable ASCII characters');
}

/** A stable hash of what the request asks: the operation, its target and its body with keys sorted. */
export function fingerprintOf(operation: string, target: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, target, body: body ?? null })).digest('hex');
}

/** An id for what the request creates, the same on every retry of the key. */
export function idFromKey(prefix: string, operation: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(`${operation}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

/** The first answer when the request matches; a refusal when the key was used for another request. */
export function replayOf(record: IdempotencyRecord, request: IdempotentRequest): { kind: 'replay'; response: unknown } | { kind: 'resume' } {
  if (record.operation !== request.operation || record.fingerprint !== request.fingerprint) {
    throw new InvoicingError('idempotency_key_reused', `Idempotency-Key ${request.key} was used for another request; use a new key for a new request`);
  }
  if (record.state === 'completed' && record.response !== null) return { kind: 'replay', response: JSON.parse(record.response) as unknown };
  return { kind: 'resume' };
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

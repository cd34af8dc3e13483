import type { Rental, RejectionReason, UsageEvent } from '@hourglass/contracts';
import { checkEnvelope, DEFAULT_CHECK_LIMITS } from './usage-checks';
import { checkAgainstRental } from './rental-checks';

/** Reasons a replay may re-check: those whose cause can be fixed later without a resend. */
export const REPLAYABLE_REASONS = ['unknown_rental'] as const;
export type ReplayableReason = (typeof REPLAYABLE_REASONS)[number];

/** The `reason` of the accepted row a replay writes under the rejected row's stream sequence. */
export const REPLAYED_REASON = 'replayed';

export interface ReplayRequest {
  reason: ReplayableReason;
  sinceMs: number | null;
  rentalId: string | null;
}

export type ParsedReplayRequest = { ok: true; request: ReplayRequest } | { ok: false; message: string };

/** `{reason, since?, rentalId?}` from the API or the CLI. */
export function parseReplayRequest(body: unknown): ParsedReplayRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'the body must be an object {reason, since?, rentalId?}' };
  const b = body as Record<string, unknown>;
  if (!REPLAYABLE_REASONS.includes(b.reason as ReplayableReason)) {
    return { ok: false, message: `reason must be one of ${REPLAYABLE_REASONS.join(', ')}; other rejections are final (a resend is a duplicate)` };
  }
  let sinceMs: number | null = null;
  if (b.since !== undefined && b.since !== null) {
    sinceMs = typeof b.since === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(b.since) ? Date.parse(b.since) : NaN;
    if (!Number.isFinite(sinceMs)) return { ok: false, message: `since must be an ISO 8601 instant, got ${JSON.stringify(b.since)}` };
  }
  let rentalId: string | null = null;
  if (b.rentalId !== undefined && b.rentalId !== null) {
    if (typeof b.rentalId !== 'string' || b.rentalId.length === 0 || b.rentalId.length > 256) return { ok: false, message: 'rentalId must be a non-empty string' };
    rentalId = b.rentalId;
  }
  return { ok: true, request: { reason: b.reason as ReplayableReason, sinceMs, rentalId } };
}

/** A rejected usage_outcomes row as a replay reads it. */
export interface RejectedUsage {
  seq: number;
  subject: string;
  raw: Uint8Array;
  receivedAtMs: number;
}

export type RecheckResult =
  | { ok: true; event: UsageEvent; customerId: string }
  | { ok: false; reason: RejectionReason; detail: string };

/**
 * Every check an event meets on ingest, again, with its original subject and receipt time (limits
 * such as "not in the future" are relative to when it arrived, not to the replay). The dedup claim is
 * not checked again: the rejected row is the claim's holder, and the replay writes under its sequence.
 */
export function recheck(row: RejectedUsage, rental: (rentalId: string) => Rental | undefined): RecheckResult {
  const envelope = checkEnvelope(row.raw, row.subject, row.receivedAtMs, DEFAULT_CHECK_LIMITS);
  if (!envelope.ok) return { ok: false, reason: envelope.reason, detail: envelope.detail };
  const event = envelope.event;
  const found = rental(event.rentalId);
  if (!found) return { ok: false, reason: 'unknown_rental', detail: `no rental ${event.rentalId} is known yet` };
  const mismatch = checkAgainstRental(event, found);
  if (mismatch) return { ok: false, reason: mismatch.reason, detail: mismatch.detail };
  return { ok: true, event, customerId: found.customerId };
}

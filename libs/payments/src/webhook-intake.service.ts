import type { Clock } from '@hourglass/contracts';
import {
  adyenDedupKey,
  adyenSignatureValid,
  factsFromAdyenItem,
  factsFromStripeEvent,
  PaymentsError,
  type AdyenNotificationItem,
  type Facts,
  type StripeEventLike,
} from './domain';
import type { PaymentFactsService } from './payment-facts.service';
import type { InboxEntry, WebhookInbox } from './ports';

/** Checks a Stripe-Signature header against the raw body; throws PaymentsError('invalid_signature'). */
export interface StripeEventVerifier {
  verify(rawBody: Buffer, signatureHeader: string | undefined, nowMs: number): StripeEventLike;
}

export interface IntakeResult {
  stored: number;
  duplicates: number;
  /** Stored, but applying failed (e.g. ClickHouse refused an insert): the inbox retry applies them. */
  deferred: number;
}

/** Request headers worth keeping beside a raw body: enough to re-verify and to trace it. */
const KEPT_HEADERS = ['stripe-signature', 'content-type', 'user-agent', 'content-length'];

function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers[name];
    if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return kept;
}

/**
 * PSP webhooks in, in this order: verify the signature (a forged or stale call stops here, with no
 * effect); store the raw body durably in the inbox; only then answer 2xx. Applying the facts follows
 * in the same request, but a failure there no longer loses anything: the entry stays unprocessed and
 * the inbox retry applies it. Answering before the store would lose an event the PSP will not resend.
 */
export class WebhookIntakeService {
  constructor(
    private readonly inbox: WebhookInbox,
    private readonly facts: PaymentFactsService,
    private readonly stripeVerifier: StripeEventVerifier,
    private readonly adyenHmacKeys: readonly string[],
    private readonly clock: Clock,
  ) {}

  async receiveStripe(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<IntakeResult> {
    const signature = headers['stripe-signature'];
    const event = this.stripeVerifier.verify(rawBody, Array.isArray(signature) ? signature[0] : signature, this.clock.nowMs());
    const entry: InboxEntry = {
      provider: 'stripe',
      dedupKey: event.id,
      receivedAtMs: this.clock.nowMs(),
      headers: keptHeaders(headers),
      rawBody: rawBody.toString('utf8'),
      item: '',
    };
    return this.storeThenApply([entry]);
  }

  async receiveAdyen(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<IntakeResult> {
    let body: { notificationItems?: Array<{ NotificationRequestItem?: AdyenNotificationItem }> };
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new PaymentsError('invalid_signature', 'the body is not JSON, so it cannot carry a valid signature');
    }
    const items = (Array.isArray(body?.notificationItems) ? body.notificationItems : []).map((i) => i?.NotificationRequestItem);
    if (items.length === 0 || items.some((i) => !i || typeof i !== 'object')) {
      throw new PaymentsError('invalid_signature', 'no notification items to verify');
    }
    // All or nothing: one bad signature refuses the whole delivery, so no part of a forged batch lands.
    if (this.adyenHmacKeys.length === 0 || !items.every((i) => adyenSignatureValid(i!, this.adyenHmacKeys))) {
      throw new PaymentsError('invalid_signature', 'additionalData.hmacSignature does not match any key in HOURGLASS_ADYEN_HMAC_KEYS');
    }
    const receivedAtMs = this.clock.nowMs();
    const text = rawBody.toString('utf8');
    const kept = keptHeaders(headers);
    return this.storeThenApply(
      items.map((i) => ({ provider: 'adyen', dedupKey: adyenDedupKey(i!), receivedAtMs, headers: kept, rawBody: text, item: JSON.stringify(i) })),
    );
  }

  private async storeThenApply(entries: InboxEntry[]): Promise<IntakeResult> {
    const outcomes = await this.inbox.store(entries);
    let deferred = 0;
    for (const [i, entry] of entries.entries()) {
      // A replay is not applied again here: it was applied when first stored, or, if that failed, the
      // inbox retry applies it. Two copies told "stored" at once both apply, which is idempotent.
      if (outcomes[i] === 'duplicate') continue;
      // Stored is what the PSP's 2xx promises; a failure from here on is ours to retry, not theirs.
      await this.process(entry).catch(() => {
        deferred += 1;
      });
    }
    return { stored: outcomes.filter((o) => o === 'stored').length, duplicates: outcomes.filter((o) => o === 'duplicate').length, deferred };
  }

  /** Applies one stored entry and marks it processed; a refusal of its content is final, an I/O error is retried. */
  async process(entry: InboxEntry): Promise<void> {
    let facts: Facts;
    try {
      facts = factsOfEntry(entry);
    } catch (error) {
      if (error instanceof PaymentsError) {
        await this.inbox.markProcessed(entry, 'rejected', `${error.reason}: ${error.message}`);
        return;
      }
      throw error;
    }
    const outcome = await this.facts.apply(facts);
    await this.inbox.markProcessed(entry, outcome, '');
  }

  /** Entries stored but never processed, e.g. after a crash between the two steps. */
  async retryUnprocessed(limit: number): Promise<number> {
    const entries = await this.inbox.unprocessed(limit, this.clock.nowMs() - 5_000);
    for (const entry of entries) await this.process(entry);
    return entries.length;
  }
}

export function factsOfEntry(entry: InboxEntry): Facts {
  const source = `${entry.provider}:${entry.dedupKey}`;
  if (entry.provider === 'stripe') return factsFromStripeEvent(JSON.parse(entry.rawBody) as StripeEventLike, source);
  return factsFromAdyenItem(JSON.parse(entry.item) as AdyenNotificationItem, source, entry.receivedAtMs);
}

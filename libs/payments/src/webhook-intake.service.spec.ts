import { adyenHmac, adyenNotificationSigningString, PaymentsError, type Facts, type StripeEventLike } from './domain';
import type { PaymentFactsService } from './payment-facts.service';
import type { InboxEntry, WebhookInbox } from './ports';
import { WebhookIntakeService, type StripeEventVerifier } from './webhook-intake.service';

const KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

class MemoryInbox implements WebhookInbox {
  readonly entries = new Map<string, InboxEntry>();
  readonly processed = new Map<string, string>();
  readonly log: string[] = [];
  async store(entries: readonly InboxEntry[]) {
    return entries.map((e) => {
      const k = `${e.provider}|${e.dedupKey}`;
      if (this.entries.has(k)) return 'duplicate' as const;
      this.entries.set(k, e);
      this.log.push(`store ${e.dedupKey}`);
      return 'stored' as const;
    });
  }
  async markProcessed(e: Pick<InboxEntry, 'provider' | 'dedupKey'>, outcome: string) {
    this.processed.set(`${e.provider}|${e.dedupKey}`, outcome);
  }
  async isProcessed(e: Pick<InboxEntry, 'provider' | 'dedupKey'>) {
    return this.processed.has(`${e.provider}|${e.dedupKey}`);
  }
  async unprocessed() {
    return [...this.entries.entries()].filter(([k]) => !this.processed.has(k)).map(([, e]) => e);
  }
}

function setup(options: { failApply?: boolean; inbox?: MemoryInbox } = {}) {
  const inbox = options.inbox ?? new MemoryInbox();
  const applied: Facts[] = [];
  const facts = {
    apply: async (f: Facts) => {
      inbox.log.push('apply');
      if (options.failApply) throw new Error('ClickHouse refused the insert');
      applied.push(f);
      return 'applied' as const;
    },
  } as unknown as PaymentFactsService;
  const verifier: StripeEventVerifier = {
    verify: (raw, header) => {
      if (header !== 'good') throw new PaymentsError('invalid_signature', 'bad');
      return JSON.parse(raw.toString('utf8')) as StripeEventLike;
    },
  };
  const sut = new WebhookIntakeService(inbox, facts, verifier, [KEY], { nowMs: () => Date.parse('2026-11-05T00:00:00Z') });
  return { sut, inbox, applied };
}

const stripeBody = Buffer.from(
  JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', created: 1, data: { object: { id: 'pi_1', amount_received: 100, currency: 'usd', metadata: { hourglass_invoice_id: 'in_1' } } } }),
);

describe('WebhookIntakeService', () => {
  it('stores before it applies, and a replay is stored once and applied once', async () => {
    const { sut, inbox, applied } = setup();
    expect(await sut.receiveStripe(stripeBody, { 'stripe-signature': 'good' })).toEqual({ stored: 1, duplicates: 0, deferred: 0 });
    expect(await sut.receiveStripe(stripeBody, { 'stripe-signature': 'good' })).toEqual({ stored: 0, duplicates: 1, deferred: 0 });
    expect(inbox.log).toEqual(['store evt_1', 'apply']);
    expect(applied).toHaveLength(1);
  });

  it('stores nothing when the signature is invalid', async () => {
    const { sut, inbox } = setup();
    await expect(sut.receiveStripe(stripeBody, { 'stripe-signature': 'forged' })).rejects.toMatchObject({ reason: 'invalid_signature' });
    expect(inbox.entries.size).toBe(0);
  });

  it('keeps an entry it could not apply for the retry, which applies it once', async () => {
    const failing = setup({ failApply: true });
    expect(await failing.sut.receiveStripe(stripeBody, { 'stripe-signature': 'good' })).toEqual({ stored: 1, duplicates: 0, deferred: 1 });
    // The same inbox, read by a healthy process.
    const { sut, applied } = setup({ inbox: failing.inbox });
    expect(await sut.retryUnprocessed(10)).toBe(1);
    expect(await sut.retryUnprocessed(10)).toBe(0);
    expect(applied).toHaveLength(1);
  });

  it('marks an event it cannot read as rejected instead of retrying it forever', async () => {
    const { sut, inbox } = setup();
    const body = Buffer.from(JSON.stringify({ id: 'evt_2', type: 'payment_intent.succeeded', created: 1, data: { object: { id: 'pi_2', amount_received: 1.5, currency: 'usd' } } }));
    await sut.receiveStripe(body, { 'stripe-signature': 'good' });
    expect(inbox.processed.get('stripe|evt_2')).toBe('rejected');
  });

  it('refuses an Adyen delivery in which any item is unsigned, and stores each signed item under its own key', async () => {
    const { sut, inbox } = setup();
    const item = (psp: string) => ({ pspReference: psp, merchantReference: 'in_1', merchantAccountCode: 'M', amount: { value: 100, currency: 'EUR' }, eventCode: 'AUTHORISATION', success: 'true' });
    const signed = (i: ReturnType<typeof item>) => ({ ...i, additionalData: { hmacSignature: adyenHmac(adyenNotificationSigningString(i), KEY) } });
    const body = (items: object[]) => Buffer.from(JSON.stringify({ live: 'false', notificationItems: items.map((i) => ({ NotificationRequestItem: i })) }));
    await expect(sut.receiveAdyen(body([signed(item('1')), item('2')]), {})).rejects.toMatchObject({ reason: 'invalid_signature' });
    expect(inbox.entries.size).toBe(0);
    expect(await sut.receiveAdyen(body([signed(item('1')), signed(item('2'))]), {})).toEqual({ stored: 2, duplicates: 0, deferred: 0 });
    expect([...inbox.entries.keys()]).toEqual(['adyen|1:AUTHORISATION:true', 'adyen|2:AUTHORISATION:true']);
  });
});

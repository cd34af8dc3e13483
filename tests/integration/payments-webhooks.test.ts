import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime } from '@hourglass/clickhouse';
import { adyenHmac, adyenNotificationSigningString, WebhookIntakeService } from '@hourglass/payments';
import { CLICKHOUSE } from '@hourglass/platform';
import { stripeSignatureHeader } from '@hourglass/psp-sim';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

const NEW_SECRET = 'whsec_new_0123456789';
const OLD_SECRET = 'whsec_old_0123456789';
const ADYEN_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const ADYEN_OLD_KEY = 'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00';
const NOW = '2026-11-05T12:00:00.000Z';

interface Invoice {
  invoiceId: string;
  status: string;
  total: string;
  amountPaid: string;
  amountRefunded: string;
  amountDue: string;
}

describe('PSP webhooks: signatures, inbox, replays, order', () => {
  let h: Harness;
  const clock = clockStartingAt(NOW);
  const nowS = () => Math.floor(clock.nowMs() / 1000);
  let invoiceId = '';
  let seq = 0;

  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const r = await fetch(h.server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // '[accepted]' is text.
    }
    return { status: r.status, body: parsed, text };
  };
  const stripeEvent = (type: string, object: Record<string, unknown>, id = `evt_t${++seq}`) => JSON.stringify({ id, object: 'event', type, created: nowS(), data: { object } });
  const sendStripe = (body: string, secret = NEW_SECRET, t = nowS()) => post('/v1/psp/stripe/webhooks', body, { 'stripe-signature': stripeSignatureHeader(body, secret, t) });
  const invoice = async () => (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body[0]!;
  const inboxRows = async () => Number((await h.sql<{ n: string }>("SELECT count() AS n FROM inbox FINAL WHERE provider IN ('stripe', 'adyen')"))[0]!.n);
  const factRows = async () => Number((await h.sql<{ n: string }>('SELECT count() AS n FROM payment_facts FINAL'))[0]!.n);

  beforeAll(async () => {
    h = await startHarness(
      {
        HOURGLASS_STRIPE_WEBHOOK_SECRETS: `${NEW_SECRET}, ${OLD_SECRET}`,
        HOURGLASS_ADYEN_HMAC_KEYS: `${ADYEN_KEY},${ADYEN_OLD_KEY}`,
        HOURGLASS_PSP_INBOX_RETRY_MS: '0',
        HOURGLASS_HTTP_BODY_LIMIT: '1mb',
      },
      undefined,
      { clock },
    );
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    await h.publish(SUBJECT, usageEvent({ data: { intervalStart: '2026-09-10T00:00:00.000Z', intervalEnd: '2026-09-10T01:00:00.000Z' } }));
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === 1);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    invoiceId = (await invoice()).invoiceId;
    // 8 GPUs × 1 h × 2.49 = 19.92
    expect((await invoice()).total).toBe('19.92');
  });
  afterAll(() => h?.close());

  const succeeded = (pi: string, amountMinor: number) =>
    stripeEvent('payment_intent.succeeded', { id: pi, object: 'payment_intent', amount: amountMinor, amount_received: amountMinor, currency: 'usd', metadata: { hourglass_invoice_id: invoiceId }, latest_charge: `ch_${pi}` });

  it('refuses a missing header, a tampered body, a wrong secret and a stale timestamp, storing nothing', async () => {
    const body = succeeded('pi_forged', 1992);
    const before = await inboxRows();
    const missing = await post('/v1/psp/stripe/webhooks', body, {});
    const tampered = await post('/v1/psp/stripe/webhooks', body.replace('1992', '9999'), { 'stripe-signature': stripeSignatureHeader(body, NEW_SECRET, nowS()) });
    const wrongSecret = await sendStripe(body, 'whsec_attacker');
    // Stale against the injected clock (2026-11-05), whatever today's date is: 301 s is past the 300 s tolerance.
    const stale = await sendStripe(body, NEW_SECRET, nowS() - 301);
    for (const r of [missing, tampered, wrongSecret, stale]) {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ reason: 'invalid_signature' });
    }
    expect(await inboxRows()).toBe(before);
    expect((await invoice()).amountPaid).toBe('0.00');
  });

  it('accepts either secret during a rotation, and a replay has no second effect', async () => {
    const first = succeeded('pi_rot_1', 1000);
    const second = succeeded('pi_rot_2', 992);
    const a = await sendStripe(first, OLD_SECRET, nowS() - 299);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ stored: 1, duplicates: 0, deferred: 0 });
    const b = await sendStripe(second, NEW_SECRET);
    expect(b.status).toBe(200);
    const replay = await sendStripe(first, NEW_SECRET);
    expect(replay.body).toEqual({ stored: 0, duplicates: 1, deferred: 0 });
    // 10.00 + 9.92 = 19.92: paid in full, each payment counted once.
    expect(await invoice()).toMatchObject({ amountPaid: '19.92', amountDue: '0.00', status: 'paid' });
    const facts = await h.sql<{ fact_id: string }>(`SELECT fact_id FROM payment_facts FINAL WHERE kind = 'captured' ORDER BY fact_id`);
    expect(facts.map((f) => f.fact_id)).toEqual(['stripe:captured:pi_rot_1', 'stripe:captured:pi_rot_2']);
  });

  it('derives the same state when a refund arrives before its payment, and from cumulative refunds in any order', async () => {
    const charge = (refundedMinor: number) =>
      stripeEvent('charge.refunded', { id: 'ch_late', object: 'charge', amount: 500, amount_refunded: refundedMinor, currency: 'usd', payment_intent: 'pi_late', metadata: {} });
    // Refunds of a payment Hourglass has not heard of: stored, unmatched, not lost.
    expect((await sendStripe(charge(300))).status).toBe(200);
    expect((await sendStripe(charge(100))).status).toBe(200);
    expect((await invoice()).amountRefunded).toBe('0.00');
    // The payment arrives last and names the invoice: the refunds now belong to it. 300 is the
    // cumulative total (100 was an earlier state of the same charge, delivered late).
    expect((await sendStripe(succeeded('pi_late', 500))).status).toBe(200);
    // paid 10.00 + 9.92 + 5.00 = 24.92, refunded 3.00, owed 19.92: 2.00 overpaid, nothing due.
    expect(await invoice()).toMatchObject({ amountPaid: '24.92', amountRefunded: '3.00', amountDue: '0.00', status: 'paid' });
    const credit = await h.api<{ balances: Array<{ currency: string; balance: string }> }>('GET', '/v1/customers/c-9/credit-balance');
    expect(credit.body.balances).toEqual([{ currency: 'USD', balance: '2.00' }]);
    // A later, larger cumulative refund (all 5.00): the overpayment shrinks back to zero.
    expect((await sendStripe(charge(500))).status).toBe(200);
    expect((await sendStripe(succeeded('pi_late', 500))).status).toBe(200);
    expect(await invoice()).toMatchObject({ amountRefunded: '5.00', amountDue: '0.00' });
    expect((await h.api<{ balances: unknown[] }>('GET', '/v1/customers/c-9/credit-balance')).body.balances).toEqual([{ currency: 'USD', balance: '0.00' }]);
  });

  it('records dispute events with the status they map to and the evidence deadline', async () => {
    const dueBy = nowS() + 7 * 86_400;
    const dispute = stripeEvent('charge.dispute.created', { id: 'dp_1', object: 'dispute', amount: 1000, currency: 'usd', charge: 'ch_pi_rot_1', payment_intent: 'pi_rot_1', reason: 'fraudulent', status: 'needs_response', evidence_details: { due_by: dueBy } });
    expect((await sendStripe(dispute)).status).toBe(200);
    const events = (await h.api<Array<Record<string, unknown>>>('GET', `/v1/payments/dispute-events?invoiceId=${invoiceId}`)).body;
    expect(events).toEqual([
      expect.objectContaining({ disputeId: 'dp_1', status: 'needs_response', reason: 'fraudulent', amount: '10.00', currency: 'USD', invoiceId, customerId: 'c-9', dueBy: new Date(dueBy * 1000).toISOString() }),
    ]);
  });

  describe('Adyen', () => {
    const item = (over: Record<string, unknown>) => ({
      pspReference: '8800000000000001',
      merchantAccountCode: 'HourglassTest',
      merchantReference: invoiceId,
      amount: { value: 100, currency: 'USD' },
      eventCode: 'AUTHORISATION',
      success: 'true',
      eventDate: NOW,
      ...over,
    });
    const signed = (i: Record<string, unknown>, key = ADYEN_KEY) => ({
      ...i,
      additionalData: { hmacSignature: adyenHmac(adyenNotificationSigningString(i as never), key) },
    });
    const send = (items: object[]) => post('/v1/psp/adyen/webhooks', JSON.stringify({ live: 'false', notificationItems: items.map((i) => ({ NotificationRequestItem: i })) }), {});

    it('answers [accepted] to a valid notification, under either key, and counts a replay once', async () => {
      const facts = await factRows();
      const ok = await send([signed(item({}))]);
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('[accepted]');
      const rotated = await send([signed(item({ pspReference: '8800000000000002' }), ADYEN_OLD_KEY)]);
      expect(rotated.text).toBe('[accepted]');
      expect((await send([signed(item({}))])).text).toBe('[accepted]');
      expect(await factRows()).toBe(facts + 2);
    });

    it('refuses a tampered amount, an unsigned item and a batch with one forged item, storing nothing', async () => {
      const before = await inboxRows();
      const good = signed(item({ pspReference: '8800000000000003' }));
      const tampered = { ...good, amount: { value: 99999, currency: 'USD' } };
      const unsigned = item({ pspReference: '8800000000000004' });
      for (const r of [await send([tampered]), await send([unsigned]), await send([good, tampered])]) {
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ reason: 'invalid_signature' });
      }
      expect(await inboxRows()).toBe(before);
    });
  });

  it('refuses a body past the request limit with 413, and counts deliveries by outcome in /metrics', async () => {
    const huge = JSON.stringify({ id: 'evt_huge', pad: 'x'.repeat(1_100_000) });
    const r = await sendStripe(huge);
    expect(r.status).toBe(413);
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toMatch(/hourglass_psp_webhooks_total\{provider="stripe",outcome="invalid_signature",app="hourglass"\} 4/);
    expect(metrics).toMatch(/hourglass_psp_webhooks_total\{provider="stripe",outcome="duplicate",app="hourglass"\} 1/);
    expect(metrics).toMatch(/hourglass_psp_webhooks_total\{provider="adyen",outcome="invalid_signature",app="hourglass"\} 3/);
  });

  it('applies a webhook stored before a crash when the inbox is retried, once', async () => {
    // Stored but never processed: what a crash between the two steps leaves behind.
    const body = succeeded('pi_crash', 1);
    const clickhouse = h.server.app.get<symbol, ClickHouseClient>(CLICKHOUSE, { strict: false });
    await clickhouse.insert({
      table: `${h.config.clickhouse.database}.inbox`,
      values: [{ provider: 'stripe', key: (JSON.parse(body) as { id: string }).id, body, headers: '{}', received_at: chDateTime(clock.nowMs() - 60_000) }],
      format: 'JSONEachRow',
    });
    const paidBefore = (await invoice()).amountPaid;
    const intake = h.server.app.get(WebhookIntakeService, { strict: false });
    expect(await intake.retryUnprocessed(10)).toBe(1);
    expect(await intake.retryUnprocessed(10)).toBe(0);
    // 24.92 from Stripe + 2 × 1.00 from Adyen, then + 0.01
    expect(paidBefore).toBe('26.92');
    expect((await invoice()).amountPaid).toBe('26.93');
  });
});

import { createHmac } from 'node:crypto';
import type { Clock } from '@hourglass/contracts';
import type { SimResponse } from './stripe-sim';
import type { WebhookSender } from './webhook-sender';

type Json = Record<string, unknown>;

/** Adyen's notification signature, computed here independently of Hourglass's verifier. */
export function signAdyenItem(item: Json, hexKey: string): string {
  const amount = (item.amount as { value?: unknown; currency?: unknown } | undefined) ?? {};
  const data = [item.pspReference, item.originalReference, item.merchantAccountCode, item.merchantReference, amount.value, amount.currency, item.eventCode, item.success]
    .map((v) => (v === undefined || v === null ? '' : String(v)))
    .join(':');
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(data, 'utf8').digest('base64');
}

/**
 * Enough of Adyen's Checkout API (`/v71/payments`, `/v71/payments/{psp}/refunds`) for Hourglass's
 * adapter, and the standard notifications Adyen sends, signed with the configured HMAC key.
 */
export class AdyenSim {
  readonly payments = new Map<string, Json>();
  /** The dispute pspReference of each disputed payment: Adyen keeps one per dispute across its events. */
  readonly disputeRefs = new Map<string, string>();
  /** What the Disputes API received, by dispute pspReference: documents supplied and defences. */
  readonly defenses = new Map<string, { documents: Json[]; defenseReasonCode: string | null }>();
  private readonly idempotent = new Map<string, SimResponse>();
  private seq = 0;
  declineNext = 0;
  captureMinorOverride: number | null = null;

  constructor(
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
    public hmacKey: string,
  ) {}

  private psp(): string {
    this.seq += 1;
    // Adyen's references are 16 characters.
    return `88${String(this.seq).padStart(14, '0')}`;
  }

  notify(item: Json, additionalData: Record<string, string> = {}): Json {
    const full: Json = { ...item, eventDate: new Date(this.clock.nowMs()).toISOString(), paymentMethod: 'visa' };
    full.additionalData = { ...additionalData, hmacSignature: signAdyenItem(full, this.hmacKey) };
    this.sender.send('adyen', JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: full }] }));
    return full;
  }

  handle(method: string, path: string, body: Json, idempotencyKey: string | undefined): SimResponse {
    const cacheKey = idempotencyKey ? `${method} ${path} ${idempotencyKey}` : null;
    if (cacheKey && this.idempotent.has(cacheKey)) return this.idempotent.get(cacheKey)!;
    const response = this.route(method, path, body);
    if (cacheKey && response.status < 500) this.idempotent.set(cacheKey, response);
    return response;
  }

  private route(method: string, path: string, body: Json): SimResponse {
    if (method === 'POST' && /^\/v\d+\/payments$/.test(path)) return this.pay(body);
    const refund = /^\/v\d+\/payments\/([^/]+)\/refunds$/.exec(path);
    if (method === 'POST' && refund) return this.refund(refund[1]!, body);
    const disputes = /^\/ca\/services\/DisputeService\/v\d+\/(supplyDefenseDocument|defendDispute)$/.exec(path);
    if (method === 'POST' && disputes) return this.defend(disputes[1]!, body);
    return { status: 404, body: { status: 404, errorCode: '000', message: `no route ${method} ${path}`, errorType: 'validation' } };
  }

  private pay(body: Json): SimResponse {
    const amount = body.amount as { value?: number; currency?: string } | undefined;
    if (!amount || !Number.isSafeInteger(amount.value) || !amount.currency || !body.reference || !body.merchantAccount) {
      return { status: 422, body: { status: 422, errorCode: '100', message: 'Required field missing', errorType: 'validation' } };
    }
    const pspReference = this.psp();
    const declined = this.declineNext > 0;
    if (declined) this.declineNext -= 1;
    const value = this.captureMinorOverride ?? amount.value!;
    const payment = { pspReference, merchantReference: body.reference, merchantAccount: body.merchantAccount, amount: { value, currency: amount.currency }, refunded: 0 };
    this.payments.set(pspReference, payment);
    this.notify({
      pspReference,
      merchantAccountCode: body.merchantAccount,
      merchantReference: body.reference,
      amount: { value, currency: amount.currency },
      eventCode: 'AUTHORISATION',
      success: declined ? 'false' : 'true',
      ...(declined ? { reason: 'Refused' } : {}),
    });
    return { status: 200, body: { pspReference, resultCode: declined ? 'Refused' : 'Authorised', merchantReference: body.reference, amount: { value, currency: amount.currency } } };
  }

  refund(paymentPsp: string, body: Json): SimResponse {
    const payment = this.payments.get(paymentPsp) as { merchantReference: string; merchantAccount: string; amount: { value: number; currency: string }; refunded: number } | undefined;
    if (!payment) return { status: 422, body: { status: 422, errorCode: '167', message: 'Original pspReference required for this operation', errorType: 'validation' } };
    const value = Number((body.amount as { value?: number } | undefined)?.value ?? payment.amount.value - payment.refunded);
    const pspReference = this.psp();
    const ok = value > 0 && value <= payment.amount.value - payment.refunded;
    if (ok) payment.refunded += value;
    this.notify({
      pspReference,
      originalReference: paymentPsp,
      merchantAccountCode: payment.merchantAccount,
      merchantReference: payment.merchantReference,
      amount: { value, currency: payment.amount.currency },
      eventCode: 'REFUND',
      success: ok ? 'true' : 'false',
    });
    return { status: 201, body: { pspReference, paymentPspReference: paymentPsp, status: 'received', merchantAccount: payment.merchantAccount, amount: { value, currency: payment.amount.currency } } };
  }

  /**
   * The Disputes API (`/ca/services/DisputeService/v30/…`): documents are kept per dispute, a defence
   * needs documents first, an unknown dispute is refused as Adyen does (success false).
   */
  private defend(call: string, body: Json): SimResponse {
    const ref = String(body.disputePspReference ?? '');
    if (!body.merchantAccountCode || !ref) return { status: 422, body: { status: 422, errorCode: '100', message: 'Required field missing', errorType: 'validation' } };
    if (![...this.disputeRefs.values()].includes(ref)) return { status: 200, body: { disputeServiceResult: { success: false, errorMessage: 'Could not find dispute' } } };
    const entry = this.defenses.get(ref) ?? { documents: [], defenseReasonCode: null };
    if (call === 'supplyDefenseDocument') {
      const docs = body.defenseDocuments;
      if (!Array.isArray(docs) || docs.length === 0 || docs.some((d: Json) => !d.content || !d.contentType || !d.defenseDocumentTypeCode)) {
        return { status: 422, body: { status: 422, errorCode: '100', message: 'defenseDocuments: content, contentType and defenseDocumentTypeCode are required', errorType: 'validation' } };
      }
      entry.documents.push(...(docs as Json[]));
    } else {
      if (entry.documents.length === 0) return { status: 200, body: { disputeServiceResult: { success: false, errorMessage: 'No defense documents supplied' } } };
      entry.defenseReasonCode = String(body.defenseReasonCode ?? '');
    }
    this.defenses.set(ref, entry);
    return { status: 200, body: { disputeServiceResult: { success: true } } };
  }

  /**
   * A dispute notification for a payment (NOTIFICATION_OF_CHARGEBACK, CHARGEBACK, …). Every event of
   * one payment's dispute carries the same dispute pspReference; the opening ones carry the defence
   * deadline (`defensePeriodEndsAt`, `dueInS` from now); `disputeStatus` is sent in `additionalData`
   * when given (Adyen's Undefended, Pending, Won, Lost, …).
   */
  dispute(paymentPsp: string, eventCode: string, reason = 'Fraud', dueInS = 14 * 86_400, disputeStatus?: string): Json | null {
    const payment = this.payments.get(paymentPsp) as { merchantReference: string; merchantAccount: string; amount: { value: number; currency: string } } | undefined;
    if (!payment) return null;
    if (!this.disputeRefs.has(paymentPsp)) this.disputeRefs.set(paymentPsp, this.psp());
    const opening = eventCode === 'NOTIFICATION_OF_CHARGEBACK' || eventCode === 'CHARGEBACK';
    return this.notify({
      pspReference: this.disputeRefs.get(paymentPsp)!,
      originalReference: paymentPsp,
      merchantAccountCode: payment.merchantAccount,
      merchantReference: payment.merchantReference,
      amount: payment.amount,
      eventCode,
      success: 'true',
      reason,
    }, { ...(opening ? { defensePeriodEndsAt: new Date(this.clock.nowMs() + dueInS * 1000).toISOString() } : {}), ...(disputeStatus ? { disputeStatus } : {}) });
  }
}

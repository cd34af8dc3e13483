import type { Clock } from '@hourglass/contracts';
import type { FormPart } from './multipart';
import type { WebhookSender } from './webhook-sender';

type Json = Record<string, unknown>;

export interface SimResponse {
  status: number;
  body: unknown;
}

/** `a=1&metadata[k]=v` → `{a: '1', metadata: {k: 'v'}}`: how the Stripe SDK encodes requests. */
export function parseStripeForm(body: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)\[([^\]]*)\]$/.exec(key);
    if (m) {
      const inner = (out[m[1]!] as Json | undefined) ?? {};
      inner[m[2]!] = value;
      out[m[1]!] = inner;
    } else out[key] = value;
  }
  return out;
}

function error(status: number, message: string, code = 'resource_missing'): SimResponse {
  return { status, body: { error: { type: 'invalid_request_error', code, message } } };
}

/**
 * Enough of Stripe's PaymentIntents, Refunds and Disputes API for Hourglass's adapter through the
 * official SDK, and the webhooks Stripe would send. Ids are counters: runs are reproducible.
 */
export class StripeSim {
  readonly intents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly disputes = new Map<string, Json>();
  /** Files uploaded through the Files API, with their bytes as received. */
  readonly files = new Map<string, { purpose: string; filename: string; contentType: string; data: Buffer }>();
  private readonly idempotent = new Map<string, SimResponse>();
  private seq = 0;
  /** Payments to decline next (card_declined), one each. */
  declineNext = 0;
  /** When set, the next payments capture this many minor units whatever was asked (an over- or underpayment). */
  captureMinorOverride: number | null = null;
  /** The dispute fee taken when a dispute's funds are withdrawn (Stripe: 15.00 USD), minor units; 0: none. */
  disputeFeeMinor = 0;
  /** Whether a won dispute's reinstatement gives the fee back (a negative fee on its balance transaction). */
  disputeFeeRefundedOnWin = false;

  constructor(
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {}

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}_sim${String(this.seq).padStart(8, '0')}`;
  }

  private nowS(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  /** A Stripe event around an object, sent to Hourglass. */
  emit(type: string, object: Json): Json {
    const event = { id: this.id('evt'), object: 'event', api_version: '2025-01-27.acacia', created: this.nowS(), type, livemode: false, pending_webhooks: 1, data: { object: structuredClone(object) } };
    this.sender.send('stripe', JSON.stringify(event));
    return event;
  }

  handle(method: string, path: string, form: Json, idempotencyKey: string | undefined): SimResponse {
    const cacheKey = idempotencyKey ? `${method} ${path} ${idempotencyKey}` : null;
    if (cacheKey && this.idempotent.has(cacheKey)) return this.idempotent.get(cacheKey)!;
    const response = this.route(method, path, form);
    if (cacheKey && response.status < 500) this.idempotent.set(cacheKey, response);
    return response;
  }

  /**
   * `POST /v1/files` (multipart/form-data): a `purpose` and one `file` part. Kept with its bytes; a
   * dispute's evidence may then name it (`evidence[uncategorized_file]`), which must be a file of
   * purpose `dispute_evidence`.
   */
  handleUpload(parts: readonly FormPart[], idempotencyKey: string | undefined): SimResponse {
    const cacheKey = idempotencyKey ? `POST /v1/files ${idempotencyKey}` : null;
    if (cacheKey && this.idempotent.has(cacheKey)) return this.idempotent.get(cacheKey)!;
    const purpose = parts.find((p) => p.name === 'purpose' && p.filename === null)?.data.toString('utf8') ?? '';
    const file = parts.find((p) => p.name === 'file' && p.filename !== null);
    if (!purpose || !file) return error(400, 'a purpose and a file are required', 'parameter_missing');
    const id = this.id('file');
    this.files.set(id, { purpose, filename: file.filename!, contentType: file.contentType ?? 'application/octet-stream', data: file.data });
    const type = file.filename!.split('.').pop() ?? '';
    const response = { status: 200, body: { id, object: 'file', purpose, filename: file.filename, size: file.data.length, type, created: this.nowS(), url: null } };
    if (cacheKey) this.idempotent.set(cacheKey, response);
    return response;
  }

  private route(method: string, path: string, form: Json): SimResponse {
    if (method === 'POST' && path === '/v1/payment_intents') return this.createIntent(form);
    const pi = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && pi) {
      const intent = this.intents.get(pi[1]!);
      return intent ? { status: 200, body: intent } : error(404, `No such payment_intent: '${pi[1]}'`);
    }
    if (method === 'POST' && path === '/v1/refunds') return this.refund(String(form.payment_intent ?? ''), form.amount === undefined ? null : Number(form.amount), (form.metadata as Json) ?? {});
    const dp = /^\/v1\/disputes\/([^/]+)$/.exec(path);
    if (method === 'POST' && dp) {
      const dispute = this.disputes.get(dp[1]!);
      if (!dispute) return error(404, `No such dispute: '${dp[1]}'`);
      const evidence = (form.evidence ?? {}) as Json;
      for (const [field, value] of Object.entries(evidence)) {
        if (!field.endsWith('_file')) continue;
        if (this.files.get(String(value))?.purpose !== 'dispute_evidence') return error(400, `evidence[${field}]: no file ${String(value)} of purpose dispute_evidence`, 'invalid_file');
      }
      if (form.evidence && typeof form.evidence === 'object') dispute.evidence = { ...((dispute.evidence as Json) ?? {}), ...(form.evidence as Json) };
      if (form.submit === 'true') this.updateDispute(dp[1]!, 'under_review');
      return { status: 200, body: this.disputes.get(dp[1]!) };
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`, 'unrecognized_url');
  }

  private createIntent(form: Json): SimResponse {
    const amount = Number(form.amount);
    const currency = String(form.currency ?? '');
    if (!Number.isSafeInteger(amount) || amount <= 0 || !currency) return error(400, 'amount and currency are required', 'parameter_missing');
    const id = this.id('pi');
    const metadata = (form.metadata as Json) ?? {};
    const declined = this.declineNext > 0;
    if (declined) this.declineNext -= 1;
    const captured = this.captureMinorOverride ?? amount;
    const intent: Json = {
      id,
      object: 'payment_intent',
      amount,
      amount_received: declined ? 0 : captured,
      currency,
      customer: form.customer ?? null,
      metadata,
      status: declined ? 'requires_payment_method' : 'succeeded',
      latest_charge: null,
      created: this.nowS(),
      livemode: false,
      ...(declined ? { last_payment_error: { code: 'card_declined', message: 'Your card was declined.' } } : {}),
    };
    if (!declined) {
      const chargeId = this.id('ch');
      intent.latest_charge = chargeId;
      this.charges.set(chargeId, { id: chargeId, object: 'charge', amount: captured, amount_captured: captured, amount_refunded: 0, currency, payment_intent: id, metadata, refunded: false, created: this.nowS() });
    }
    this.intents.set(id, intent);
    this.emit(declined ? 'payment_intent.payment_failed' : 'payment_intent.succeeded', intent);
    return { status: 200, body: intent };
  }

  /** Refunds are cumulative on the charge, and `charge.refunded` carries the running total. */
  refund(paymentIntentId: string, amountMinor: number | null, metadata: Json = {}): SimResponse {
    const intent = this.intents.get(paymentIntentId);
    const charge = intent?.latest_charge ? this.charges.get(String(intent.latest_charge)) : undefined;
    if (!charge) return error(404, `No such payment_intent: '${paymentIntentId}'`);
    const left = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = amountMinor ?? left;
    if (amount <= 0 || amount > left) return error(400, `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount_too_large');
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund = { id: this.id('re'), object: 'refund', amount, currency: charge.currency, charge: charge.id, payment_intent: paymentIntentId, status: 'succeeded', metadata };
    this.emit('charge.refunded', charge);
    return { status: 200, body: refund };
  }

  /** A dispute on a payment's charge (`charge.dispute.created`), as a cardholder's bank opens one. */
  openDispute(paymentIntentId: string, reason = 'fraudulent', dueInS = 7 * 86_400): Json | null {
    const intent = this.intents.get(paymentIntentId);
    const charge = intent?.latest_charge ? this.charges.get(String(intent.latest_charge)) : undefined;
    if (!charge) return null;
    const dispute: Json = {
      id: this.id('dp'),
      object: 'dispute',
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: paymentIntentId,
      reason,
      status: 'needs_response',
      evidence_details: { due_by: this.nowS() + dueInS, has_evidence: false, past_due: false, submission_count: 0 },
      // Every balance movement of the dispute, as Stripe lists them on it: the withdrawal and its fee.
      balance_transactions: [this.balanceTransaction(-Number(charge.amount), this.disputeFeeMinor, String(charge.currency), 'dispute')],
      created: this.nowS(),
    };
    this.disputes.set(String(dispute.id), dispute);
    this.emit('charge.dispute.created', dispute);
    this.emit('charge.dispute.funds_withdrawn', dispute);
    return dispute;
  }

  updateDispute(disputeId: string, status: 'under_review' | 'won' | 'lost'): void {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) return;
    dispute.status = status;
    if (status === 'under_review') this.emit('charge.dispute.updated', dispute);
    else {
      if (status === 'won') {
        const taken = (dispute.balance_transactions as Json[]).reduce((sum, t) => sum + Number(t.fee), 0);
        (dispute.balance_transactions as Json[]).push(this.balanceTransaction(Number(dispute.amount), this.disputeFeeRefundedOnWin ? -taken : 0, String(dispute.currency), 'dispute_reversal'));
      }
      this.emit('charge.dispute.closed', dispute);
      if (status === 'won') this.emit('charge.dispute.funds_reinstated', dispute);
    }
  }

  private balanceTransaction(amountMinor: number, feeMinor: number, currency: string, reportingCategory: string): Json {
    return { id: this.id('txn'), object: 'balance_transaction', amount: amountMinor, fee: feeMinor, net: amountMinor - feeMinor, currency, reporting_category: reportingCategory, type: 'adjustment', created: this.nowS() };
  }
}

import Stripe from 'stripe';
import type { PaymentsConfig } from '@hourglass/config';
import { PaymentsError } from '../domain';
import type { CreatedPayment, DisputeEvidence, PaymentProcessor, PaymentRequest, RefundRequest } from '../ports';

/**
 * Stripe through its official SDK: one PaymentIntent per collection of a finalized invoice, with the
 * invoice in `metadata.hourglass_invoice_id` (how every later event finds it), confirmed off-session
 * against the customer's saved payment method. Only processor references come back; card data never
 * reaches Hourglass.
 */
export class StripePaymentProcessor implements PaymentProcessor {
  readonly provider = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(config: PaymentsConfig) {
    if (!config.stripeApiKey) throw new Error('StripePaymentProcessor needs HOURGLASS_STRIPE_API_KEY');
    this.stripe = new Stripe(config.stripeApiKey, {
      ...(config.stripeApiBase ?? {}),
      // Bounded: the SDK retries network errors and 409/5xx with the same idempotency key.
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
    });
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new PaymentsError('provider_error', `Stripe: ${(error as Error).message}`);
    }
  }

  async createPayment(r: PaymentRequest): Promise<CreatedPayment> {
    const intent = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount: Number(r.amountMinor),
          currency: r.currency.toLowerCase(),
          ...(r.pspCustomerId ? { customer: r.pspCustomerId } : {}),
          confirm: true,
          off_session: true,
          metadata: { hourglass_invoice_id: r.invoiceId, hourglass_customer_id: r.customerId },
          description: `Hourglass invoice ${r.invoiceId}`,
        },
        { idempotencyKey: r.idempotencyKey },
      ),
    );
    return { provider: 'stripe', paymentRef: intent.id, status: intent.status };
  }

  async refund(r: RefundRequest): Promise<{ refundRef: string; status: string }> {
    const refund = await this.call(() =>
      this.stripe.refunds.create({ payment_intent: r.paymentRef, amount: Number(r.amountMinor), metadata: { hourglass_invoice_id: r.invoiceId } }, { idempotencyKey: r.idempotencyKey }),
    );
    return { refundRef: refund.id, status: refund.status ?? 'pending' };
  }

  /**
   * Documents first, through the Files API (purpose `dispute_evidence`), each named by its file id in
   * its evidence field; then the dispute update with the text fields and those ids. Each upload carries
   * its own idempotency key derived from the submission's, so a retried submission uploads nothing twice
   * and names the same files.
   */
  async submitDisputeEvidence(e: DisputeEvidence): Promise<{ status: string }> {
    const evidence: Record<string, string> = { ...e.fields };
    for (const [i, doc] of (e.documents ?? []).entries()) {
      const file = await this.call(() =>
        this.stripe.files.create(
          { purpose: 'dispute_evidence', file: { data: Buffer.from(doc.contentBase64, 'base64'), name: doc.fileName ?? `evidence-${e.disputeId}-${i + 1}.pdf`, type: doc.contentType } },
          e.idempotencyKey ? { idempotencyKey: `${e.idempotencyKey}:file:${i}` } : undefined,
        ),
      );
      evidence[doc.typeCode] = file.id;
    }
    const dispute = await this.call(() => this.stripe.disputes.update(e.disputeId, { evidence, submit: e.submit }, e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : undefined));
    return { status: dispute.status };
  }

  async invoiceOfPayment(paymentRef: string): Promise<{ invoiceId: string; customerId: string } | null> {
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(paymentRef));
    const invoiceId = intent.metadata?.hourglass_invoice_id;
    return invoiceId ? { invoiceId, customerId: intent.metadata?.hourglass_customer_id ?? '' } : null;
  }
}

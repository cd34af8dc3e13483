import type { PaymentsConfig } from '@hourglass/config';
import { PaymentsError } from '../domain';
import type { CreatedPayment, DisputeEvidence, PaymentProcessor, PaymentRequest, RefundRequest } from '../ports';

/**
 * Adyen's Checkout API over HTTP (`/payments`, `/payments/{pspReference}/refunds`), the invoice as
 * the merchant reference (how every notification names it), a recurring payment with the shopper's
 * stored details. Adyen's idempotency header makes a retried call the same call.
 */
export class AdyenPaymentProcessor implements PaymentProcessor {
  readonly provider = 'adyen' as const;

  constructor(private readonly config: PaymentsConfig) {
    if (!config.adyenApiKey || !config.adyenMerchantAccount) throw new Error('AdyenPaymentProcessor needs HOURGLASS_ADYEN_API_KEY and HOURGLASS_ADYEN_MERCHANT_ACCOUNT');
  }

  private async post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.config.adyenApiBase}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.config.adyenApiKey!, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw new PaymentsError('provider_error', `Adyen is not reachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new PaymentsError('provider_error', `Adyen ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  async createPayment(r: PaymentRequest): Promise<CreatedPayment> {
    const result = await this.post<{ pspReference: string; resultCode: string }>(
      '/payments',
      {
        merchantAccount: this.config.adyenMerchantAccount,
        reference: r.invoiceId,
        amount: { value: Number(r.amountMinor), currency: r.currency },
        ...(r.pspCustomerId ? { shopperReference: r.pspCustomerId, recurringProcessingModel: 'UnscheduledCardOnFile', shopperInteraction: 'ContAuth' } : {}),
        paymentMethod: { type: 'scheme', storedPaymentMethodId: 'default' },
      },
      r.idempotencyKey,
    );
    return { provider: 'adyen', paymentRef: result.pspReference, status: result.resultCode };
  }

  async refund(r: RefundRequest): Promise<{ refundRef: string; status: string }> {
    const result = await this.post<{ pspReference: string; status: string }>(
      `/payments/${encodeURIComponent(r.paymentRef)}/refunds`,
      { merchantAccount: this.config.adyenMerchantAccount, reference: r.invoiceId, amount: { value: Number(r.amountMinor), currency: r.currency } },
      r.idempotencyKey,
    );
    return { refundRef: result.pspReference, status: result.status };
  }

  async submitDisputeEvidence(_e: DisputeEvidence): Promise<{ status: string }> {
    throw new PaymentsError('not_supported', "Adyen dispute defence goes through Adyen's Disputes API, not built yet");
  }

  /** Adyen notifications always carry the merchant reference, so nothing needs looking up. */
  async invoiceOfPayment(): Promise<null> {
    return null;
  }
}

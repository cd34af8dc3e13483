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

  private async post<T>(path: string, body: unknown, idempotencyKey: string, base = this.config.adyenApiBase): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
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

  /**
   * Adyen's Disputes API: `supplyDefenseDocument` with the documents (base64), then `defendDispute` with
   * the defence reason when `submit`. Both name the dispute by its own pspReference. Adyen answers
   * `disputeServiceResult.success`; anything else is a provider error and nothing is recorded.
   */
  async submitDisputeEvidence(e: DisputeEvidence): Promise<{ status: string }> {
    if (!e.pspDisputeReference) throw new PaymentsError('invalid_payload', 'Adyen dispute evidence needs the dispute pspReference');
    const key = e.idempotencyKey ?? `dispute:${e.pspDisputeReference}`;
    const base = this.config.adyenDisputesApiBase;
    const check = (r: { disputeServiceResult?: { success?: boolean; errorMessage?: string } }, call: string) => {
      if (r.disputeServiceResult?.success !== true) throw new PaymentsError('provider_error', `Adyen ${call} refused: ${r.disputeServiceResult?.errorMessage ?? 'no reason given'}`);
    };
    if ((e.documents ?? []).length > 0) {
      check(
        await this.post(
          '/supplyDefenseDocument',
          {
            merchantAccountCode: this.config.adyenMerchantAccount,
            disputePspReference: e.pspDisputeReference,
            defenseDocuments: e.documents!.map((d) => ({ defenseDocumentTypeCode: d.typeCode, contentType: d.contentType, content: d.contentBase64 })),
          },
          `${key}:documents`,
          base,
        ),
        'supplyDefenseDocument',
      );
    }
    if (!e.submit) return { status: 'documents_supplied' };
    check(
      await this.post('/defendDispute', { merchantAccountCode: this.config.adyenMerchantAccount, disputePspReference: e.pspDisputeReference, defenseReasonCode: e.defenseReasonCode ?? 'SupplyDefenseMaterial' }, `${key}:defend`, base),
      'defendDispute',
    );
    return { status: 'submitted' };
  }

  /** Adyen notifications always carry the merchant reference, so nothing needs looking up. */
  async invoiceOfPayment(): Promise<null> {
    return null;
  }
}

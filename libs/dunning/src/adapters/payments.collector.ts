import { isDomainError } from '@hourglass/contracts';
import type { PaymentsService } from '@hourglass/payments';
import type { PaymentCollector } from '../ports';

/**
 * Retries through payments' own collect: the customer's processor, its PaymentIntent metadata, the
 * payment reference kept for the webhook. `invoice_not_payable` (nothing due, or no longer finalized)
 * is not a failure of the retry: the case closes on the next look at the invoice.
 */
export class PaymentsServiceCollector implements PaymentCollector {
  constructor(private readonly payments: PaymentsService) {}

  async collect(invoiceId: string, idempotencyKey: string): Promise<{ status: string; paymentRef: string } | null> {
    try {
      const r = await this.payments.collect({ invoiceId }, idempotencyKey);
      return { status: r.status, paymentRef: r.paymentRef };
    } catch (error) {
      if (isDomainError(error) && error.reason === 'invoice_not_payable') return null;
      throw error;
    }
  }
}

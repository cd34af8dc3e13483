import Stripe from 'stripe';
import { PaymentsError, type StripeEventLike } from '../domain';
import type { StripeEventVerifier } from '../webhook-intake.service';

/** CONTRACTS §6: a Stripe-Signature older than this is refused, as Stripe's own libraries do. */
export const STRIPE_TOLERANCE_S = 300;

/**
 * Verification by the official SDK (`stripe.webhooks.constructEvent`), once per configured secret so
 * that both secrets verify while an endpoint's secret is being rolled. The age is measured against
 * the injected clock (the SDK's `receivedAt`), not the machine's.
 */
export class StripeSdkEventVerifier implements StripeEventVerifier {
  private readonly stripe: Stripe;

  constructor(private readonly secrets: readonly string[]) {
    // constructEvent needs no API key; the placeholder never leaves the process.
    this.stripe = new Stripe('sk_verify_only');
  }

  verify(rawBody: Buffer, signatureHeader: string | undefined, nowMs: number): StripeEventLike {
    if (!signatureHeader) throw new PaymentsError('invalid_signature', 'no Stripe-Signature header');
    if (this.secrets.length === 0) throw new PaymentsError('invalid_signature', 'no secret configured (HOURGLASS_STRIPE_WEBHOOK_SECRETS)');
    let last = '';
    for (const secret of this.secrets) {
      try {
        const event = this.stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, STRIPE_TOLERANCE_S, undefined, nowMs);
        return event as unknown as StripeEventLike;
      } catch (error) {
        last = (error as Error).message;
      }
    }
    throw new PaymentsError('invalid_signature', `Stripe-Signature does not verify: ${last}`);
  }
}

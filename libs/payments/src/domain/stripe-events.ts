import { stripeDisputeStatus } from './dispute-status';
import { PaymentsError } from './errors';
import type { Facts, PaymentFact } from './facts';
import { majorFromMinor } from './minor-units';
import { stripeDisputeFee } from './stripe-dispute-fee';

/** The part of a Stripe event Hourglass reads; the SDK has verified and parsed it. */
export interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export const STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** `payment_intent` and `charge` are ids, or whole objects when the event was expanded. */
const idOf = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' ? str((v as { id?: unknown }).id) : '');
const metadataOf = (o: Record<string, unknown>): Record<string, string> => (o.metadata && typeof o.metadata === 'object' ? (o.metadata as Record<string, string>) : {});

/**
 * A Stripe event as facts. Ids come from Stripe's own references, so a replay (or Stripe's retry of
 * the same event) yields the same facts. The invoice is `metadata.hourglass_invoice_id` of the
 * PaymentIntent; a charge or dispute names its PaymentIntent, which the caller resolves when the
 * event does not carry the invoice itself.
 */
export function factsFromStripeEvent(event: StripeEventLike, source: string): Facts {
  const o = event.data.object;
  const occurredAtMs = event.created * 1000;
  const meta = metadataOf(o);
  const invoiceId = str(meta.hourglass_invoice_id);
  const customerId = str(meta.hourglass_customer_id);
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const succeeded = event.type === 'payment_intent.succeeded';
      const { amount, currency } = majorFromMinor(succeeded ? o.amount_received : o.amount, o.currency);
      const pi = str(o.id);
      if (!pi) throw new PaymentsError('invalid_payload', `${event.type} without a PaymentIntent id`);
      const fact: PaymentFact = {
        // A PaymentIntent succeeds once; it may fail several times before that, each its own fact.
        factId: succeeded ? `stripe:captured:${pi}` : `stripe:failed:${pi}:${event.id}`,
        kind: succeeded ? 'captured' : 'failed',
        provider: 'stripe',
        invoiceId,
        customerId,
        currency,
        amount,
        cumulativeKey: '',
        paymentRef: pi,
        pspReference: idOf(o.latest_charge),
        occurredAtMs,
        source,
      };
      const refs = invoiceId ? [{ provider: 'stripe' as const, paymentRef: pi, invoiceId, customerId, currency }] : [];
      return { payments: [fact], disputes: [], refs };
    }
    case 'charge.refunded': {
      const charge = str(o.id);
      // amount_refunded is cumulative over the charge's refunds: the fact keeps it as it is, keyed
      // by its value, and the totals take the largest per charge. Two events with 30 and 50 give 50
      // in either order; a replay of either changes nothing.
      const { amount, currency } = majorFromMinor(o.amount_refunded, o.currency);
      return {
        payments: [
          {
            factId: `stripe:refunded:${charge}:${amount.toFixed()}`,
            kind: 'refunded',
            provider: 'stripe',
            invoiceId,
            customerId,
            currency,
            amount,
            cumulativeKey: `stripe:${charge}`,
            paymentRef: idOf(o.payment_intent),
            pspReference: charge,
            occurredAtMs,
            source,
          },
        ],
        disputes: [],
        refs: [],
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated': {
      const { amount, currency } = majorFromMinor(o.amount, o.currency);
      const due = (o.evidence_details as { due_by?: unknown } | undefined)?.due_by;
      const funds = event.type.endsWith('funds_withdrawn') ? 'withdrawn' : event.type.endsWith('funds_reinstated') ? 'reinstated' : '';
      const { fee, feeRef } = stripeDisputeFee(o, funds, currency);
      return {
        payments: [],
        disputes: [
          {
            factId: `stripe:${event.id}`,
            disputeId: str(o.id),
            provider: 'stripe',
            eventType: event.type,
            status: stripeDisputeStatus(str(o.status)),
            pspStatus: str(o.status),
            funds,
            reason: str(o.reason),
            paymentRef: idOf(o.payment_intent),
            invoiceId,
            customerId,
            currency,
            amount,
            fee,
            feeRef,
            dueByMs: typeof due === 'number' ? due * 1000 : null,
            occurredAtMs,
          },
        ],
        refs: [],
      };
    }
    default:
      return { payments: [], disputes: [], refs: [] };
  }
}


import type Big from 'big.js';

export type Provider = 'stripe' | 'adyen';
export type FactProvider = Provider | 'manual';

/**
 * - `captured`: money received by a processor for a payment (Stripe `amount_received`, Adyen
 *   AUTHORISATION success; Hourglass creates payments with automatic capture).
 * - `recorded`: money that arrived another way (a bank transfer), recorded by hand.
 * - `refunded`: money returned; `amount` is cumulative within `cumulativeKey` (Stripe's
 *   `charge.amount_refunded`); an Adyen refund is a key of its own.
 * - `failed`, `refund_failed`: kept for the record and for dunning, they move no money.
 */
export type PaymentFactKind = 'captured' | 'recorded' | 'refunded' | 'failed' | 'refund_failed';

export interface PaymentFact {
  factId: string;
  kind: PaymentFactKind;
  provider: FactProvider;
  /** '' when the event named no invoice and none was known for `paymentRef` yet. */
  invoiceId: string;
  customerId: string;
  currency: string;
  /** Major units, exactly `minor × 10^-digits`. */
  amount: Big;
  cumulativeKey: string;
  paymentRef: string;
  pspReference: string;
  occurredAtMs: number;
  source: string;
}

export type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

export interface DisputeFact {
  factId: string;
  disputeId: string;
  provider: Provider;
  eventType: string;
  status: DisputeStatus;
  pspStatus: string;
  funds: 'withdrawn' | 'reinstated' | '';
  reason: string;
  paymentRef: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: Big;
  /** Dispute fee the processor kept on this funds movement, major units; negative when given back. */
  fee: Big;
  /** The processor's reference of the movement that carried the fee (Stripe `txn_…`); '' without a fee. */
  feeRef: string;
  dueByMs: number | null;
  occurredAtMs: number;
}

export interface CustomerCreditFact {
  factId: string;
  customerId: string;
  currency: string;
  invoiceId: string;
  /** Signed change of the balance, major units. */
  amount: Big;
  reason: 'overpayment';
  occurredAtMs: number;
}

/** Which invoice a processor payment is for. */
export interface PaymentRef {
  provider: Provider;
  paymentRef: string;
  invoiceId: string;
  customerId: string;
  currency: string;
}

/** What one webhook or one API call says happened, before it is written. */
export interface Facts {
  payments: PaymentFact[];
  disputes: DisputeFact[];
  refs: PaymentRef[];
}

export const NO_FACTS: Facts = { payments: [], disputes: [], refs: [] };

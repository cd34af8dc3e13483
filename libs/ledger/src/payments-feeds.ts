import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { customerCreditMoved, disputeOpened, disputeWon, paymentCaptured, refundIssued, type MoneyRoute } from './domain/templates';
import type { LedgerTransaction } from './domain/transaction';
import type { FactFeed, PaymentReceivedFact, PaymentsFacts, RefundFact } from './ports';

/**
 * A bank transfer recorded by hand (`POST /v1/payments/records`, provider `manual`) does not say which
 * of our bank accounts it reached; until it does, all of them post to this one cash account.
 */
export const RECORDED_PAYMENTS_BANK_ACCOUNT = 'bank_transfers';

/** PSP money waits in the PSP's clearing account until settlement; a recorded transfer is cash at once. */
export function routeOf(provider: string): MoneyRoute {
  return provider === 'manual' ? { bankAccountId: RECORDED_PAYMENTS_BANK_ACCOUNT } : { psp: provider };
}

/**
 * The whole payment is posted against the receivable: what exceeds the amount owed is moved to the
 * customer credit by the payments module's own credit facts (the `customer_credit` feed), which also
 * follow a later credit note or refund; deciding the overpayment here too would count it twice.
 */
function paymentReceived(f: PaymentReceivedFact): LedgerTransaction {
  return paymentCaptured({
    paymentId: f.factId,
    invoiceId: f.invoiceId,
    customerId: f.customerId,
    currency: f.currency,
    amount: f.amount,
    amountDue: f.amount,
    route: routeOf(f.provider),
    capturedAtMs: f.occurredAtMs,
    causedBy: `payment_facts:${f.factId}`,
  });
}

/**
 * Refund facts carry the cumulative refunded amount of their key; each posts what it adds to the
 * largest amount of that key already posted, facts of one page in increasing amount. A fact that adds
 * nothing (a replay, or one that arrived after a larger one) is an empty transaction, never stored.
 */
export function refundDeltas(page: readonly RefundFact[]): Map<string, Big> {
  const deltas = new Map<string, Big>();
  const byKey = new Map<string, RefundFact[]>();
  for (const f of page) byKey.set(f.cumulativeKey, [...(byKey.get(f.cumulativeKey) ?? []), f]);
  for (const facts of byKey.values()) {
    let posted: Big = facts.reduce<Big>((m, f) => (f.postedBefore.gt(m) ? f.postedBefore : m), new Dec(0));
    for (const f of [...facts].sort((a, b) => a.cumulativeAmount.cmp(b.cumulativeAmount) || (a.factId < b.factId ? -1 : 1))) {
      deltas.set(f.factId, f.cumulativeAmount.gt(posted) ? f.cumulativeAmount.minus(posted) : new Dec(0));
      if (f.cumulativeAmount.gt(posted)) posted = f.cumulativeAmount;
    }
  }
  return deltas;
}

function refunds(page: readonly RefundFact[]): LedgerTransaction[] {
  const deltas = refundDeltas(page);
  return page.map((f) =>
    refundIssued({
      refundId: f.factId,
      customerId: f.customerId,
      currency: f.currency,
      amount: deltas.get(f.factId)!,
      route: routeOf(f.provider),
      // The receivable is reopened; if the invoice was overpaid, the credit fact that follows the
      // refund moves the overpayment back out of customer credit.
      against: 'receivable',
      refundedAtMs: f.occurredAtMs,
      causedBy: `payment_facts:${f.factId}`,
    }),
  );
}

/** Payments' facts as feeds of the posting job (after invoicing's: a payment settles a posted invoice). */
export function paymentsFeeds(facts: PaymentsFacts): FactFeed[] {
  return [
    { kind: 'payment_received', pending: async (after, limit) => (await facts.paymentsReceived(after, limit)).map(paymentReceived) },
    { kind: 'refund', pending: async (after, limit) => refunds(await facts.refunds(after, limit)) },
    { kind: 'customer_credit', pending: async (after, limit) => (await facts.creditMoves(after, limit)).map(customerCreditMoved) },
    {
      kind: 'dispute_funds_withdrawn',
      pending: async (after, limit) =>
        (await facts.disputeFunds('withdrawn', after, limit)).map((f) =>
          disputeOpened({ disputeId: f.factId, provider: f.provider, currency: f.currency, amount: f.amount, fee: f.fee, atMs: f.occurredAtMs, causedBy: `dispute_facts:${f.factId}` }),
        ),
    },
    {
      kind: 'dispute_funds_reinstated',
      pending: async (after, limit) =>
        (await facts.disputeFunds('reinstated', after, limit)).map((f) =>
          disputeWon({ disputeId: f.factId, provider: f.provider, currency: f.currency, amount: f.amount, fee: f.fee, atMs: f.occurredAtMs, causedBy: `dispute_facts:${f.factId}` }),
        ),
    },
  ];
}

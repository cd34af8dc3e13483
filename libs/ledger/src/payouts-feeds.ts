import { operatorClawback, payoutPaid, reserveHeld, reserveReleased } from './domain/templates';
import { reverse } from './domain/transaction';
import type { FactFeed, PayoutsFacts } from './ports';

/**
 * Payouts' money facts as feeds (after invoicing's: a payout draws on posted earnings). A returned
 * payout is the reversal of its `payout-paid` transaction, so the operator is owed the amount again.
 */
export function payoutsFeeds(facts: PayoutsFacts): FactFeed[] {
  return [
    {
      kind: 'reserve_held',
      pending: async (after, limit) =>
        (await facts.pending('reserve_held', after, limit)).map((f) =>
          reserveHeld({ reserveId: f.refId, operatorId: f.operatorId, currency: f.currency, amount: f.amount, atMs: f.occurredAtMs, causedBy: `payout_facts:${f.factId}` }),
        ),
    },
    {
      kind: 'reserve_released',
      pending: async (after, limit) =>
        (await facts.pending('reserve_released', after, limit)).map((f) =>
          reserveReleased({ reserveId: f.refId, operatorId: f.operatorId, currency: f.currency, amount: f.amount, atMs: f.occurredAtMs, causedBy: `payout_facts:${f.factId}` }),
        ),
    },
    {
      kind: 'payout_paid',
      pending: async (after, limit) =>
        (await facts.pending('payout_paid', after, limit)).map((f) =>
          payoutPaid({ payoutId: f.refId, operatorId: f.operatorId, currency: f.currency, amount: f.amount, bankAccountId: f.bankAccountId, paidAtMs: f.occurredAtMs, causedBy: `payout_facts:${f.factId}` }),
        ),
    },
    {
      kind: 'payout_returned',
      pending: async (after, limit) =>
        (await facts.pending('payout_returned', after, limit)).map((f) =>
          reverse(
            payoutPaid({ payoutId: f.refId, operatorId: f.operatorId, currency: f.currency, amount: f.amount, bankAccountId: f.bankAccountId, paidAtMs: f.occurredAtMs, causedBy: `payout_facts:${f.factId}` }),
            `payout_facts:${f.factId}`,
            f.occurredAtMs,
          ),
        ),
    },
    {
      kind: 'operator_clawback',
      pending: async (after, limit) =>
        (await facts.pending('clawback', after, limit)).map((f) =>
          operatorClawback({ clawbackId: f.refId, operatorId: f.operatorId, currency: f.currency, amount: f.amount, atMs: f.occurredAtMs, causedBy: `payout_facts:${f.factId}` }),
        ),
    },
  ];
}

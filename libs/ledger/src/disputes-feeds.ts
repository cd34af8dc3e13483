import { disputeLossReversed, disputeLost } from './domain/templates';
import type { DisputeLossFact, DisputesFacts, FactFeed } from './ports';

const lossOf = (f: DisputeLossFact) => ({
  disputeId: f.disputeId,
  provider: f.provider,
  currency: f.currency,
  amount: f.amount,
  clawbacks: f.clawbacks,
  atMs: f.occurredAtMs,
  causedBy: `dispute_loss_facts:${f.disputeId}`,
});

/**
 * The disputes module's facts as feeds of the posting job (after payments': the funds a lost dispute
 * takes out of `disputed_funds` were put there by payments' withdrawal facts). The module decides who
 * bears the loss, and whether a later win reverses it, and records it; the ledger only posts it, by the
 * `dispute lost` template and its reversal. The reversal feed comes after the loss feed, and its query
 * only offers reversals whose loss is posted.
 */
export function disputesFeeds(facts: DisputesFacts): FactFeed[] {
  return [
    { kind: 'dispute_lost', pending: async (after, limit) => (await facts.losses(after, limit)).map((f) => disputeLost(lossOf(f))) },
    {
      kind: 'dispute_loss_reversed',
      pending: async (after, limit) =>
        (await facts.lossReversals(after, limit)).map((r) =>
          disputeLossReversed({ loss: lossOf(r.loss), atMs: r.occurredAtMs, causedBy: `dispute_loss_reversals:${r.loss.disputeId}` }),
        ),
    },
  ];
}

import { disputeLost } from './domain/templates';
import type { DisputesFacts, FactFeed } from './ports';

/**
 * The disputes module's facts as a feed of the posting job (after payments': the funds a lost dispute
 * takes out of `disputed_funds` were put there by payments' withdrawal facts). The module decides who
 * bears the loss and records it; the ledger only posts it, by the `dispute lost` template.
 */
export function disputesFeeds(facts: DisputesFacts): FactFeed[] {
  return [
    {
      kind: 'dispute_lost',
      pending: async (after, limit) =>
        (await facts.losses(after, limit)).map((f) =>
          disputeLost({ disputeId: f.disputeId, provider: f.provider, currency: f.currency, amount: f.amount, clawbacks: f.clawbacks, atMs: f.occurredAtMs, causedBy: `dispute_loss_facts:${f.disputeId}` }),
        ),
    },
  ];
}

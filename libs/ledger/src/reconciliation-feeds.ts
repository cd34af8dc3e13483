import { breakWrittenOff, pspLineSettled } from './domain/templates';
import type { FactFeed, ReconciliationFacts } from './ports';

/**
 * Settlement lines as a feed: each imported line that moved money posts once (`psp-settled:<lineId>`),
 * so `psp_clearing:<provider>` holds only what is captured and not yet paid out, `psp_fees` what the
 * processors kept, and `cash:<provider>-payouts` what reached the bank.
 *
 * Reconciliation's write-offs as a feed: each break written off against a PSP posts its difference
 * once (`break-written-off:<breakId>`). Breaks with no money at a PSP (billing accuracy, timing, an
 * invoice paid twice, whose overpayment is customer credit already) are not posted.
 */
export function reconciliationFeeds(facts: ReconciliationFacts): FactFeed[] {
  return [
    {
      kind: 'break_written_off',
      pending: async (after, limit) =>
        (await facts.writeOffs(after, limit)).map((f) =>
          breakWrittenOff({ breakId: f.breakId, provider: f.provider, currency: f.currency, amount: f.amount, direction: f.direction, atMs: f.atMs, causedBy: `recon_break_events:${f.breakId}:${f.eventId}` }),
        ),
    },
    {
      kind: 'psp_settled',
      pending: async (after, limit) =>
        (await facts.settledLines(after, limit)).map((f) => pspLineSettled({ ...f, causedBy: `psp_settlement_lines:${f.lineId}` })),
    },
  ];
}

import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { breakIdOf, type Break } from './breaks';
import type { Match, PeriodWindow } from './matching-engine';

/**
 * One provider's money in one currency as of a cut-off, on both sides: the ledger's balances of the
 * accounts settlement posts to, and what the processor's imported settlement reports say.
 */
export interface PspBalanceRow {
  provider: string;
  currency: string;
  /** `cash:<provider>-payouts`, debit-positive: the net the ledger says the processor settled. */
  ledgerCash: Big;
  /** `psp_fees:<provider>`, debit-positive: the fees the ledger says the processor kept. */
  ledgerFees: Big;
  /** Σ net of the processor's lines that move money (charge, refund, dispute, fee, adjustment). */
  reportNet: Big;
  /** Σ fee of those lines. */
  reportFees: Big;
  lines: number;
}

const matchIdOf = (ruleId: string, left: string, right: string) => 'mt_' + createHash('sha256').update(`${ruleId}\u0000${left}\u0000${right}`).digest('hex').slice(0, 24);

/**
 * Ledger balances ↔ PSP balances, per provider and currency, as of `cutoffMs` (the period's end, or
 * now for the running period): the ledger's `cash:<provider>-payouts` against Σ net of the reports'
 * lines, and `psp_fees:<provider>` against Σ fee. Equal: a match of rule `ledger-psp-balance`; not
 * equal: an `amount_mismatch` break (`refs.kind = psp_balance`) naming the account and both figures.
 * Such a break means the ledger has not posted (or posted more than) what the processor reported: it
 * has no `direction`, so a write-off posts nothing; a ledger sync or a correction makes the next run
 * resolve it.
 */
export function pspBalanceChecks(period: PeriodWindow, cutoffMs: number, rows: readonly PspBalanceRow[]): { matches: Match[]; breaks: Break[] } {
  const matches: Match[] = [];
  const breaks: Break[] = [];
  const sorted = [...rows].sort((a, b) => (`${a.provider}:${a.currency}` < `${b.provider}:${b.currency}` ? -1 : 1));
  for (const r of sorted) {
    const pairs = [
      { account: `cash:${r.provider}-payouts`, ledger: r.ledgerCash, report: r.reportNet, figure: 'net' },
      { account: `psp_fees:${r.provider}`, ledger: r.ledgerFees, report: r.reportFees, figure: 'fee' },
    ];
    for (const p of pairs) {
      const left = `ledger:${p.account}:${r.currency}`;
      const right = `report:${r.provider}:${r.currency}:${p.figure}`;
      const evidence = { account: p.account, ledgerBalance: p.ledger.toString(), reportBalance: p.report.toString(), reportFigure: `sum(${p.figure})`, lines: r.lines, cutoff: new Date(cutoffMs).toISOString() };
      if (p.ledger.eq(p.report)) {
        matches.push({
          matchId: matchIdOf('ledger-psp-balance', `${left}@${period.id}`, right),
          pair: 'ledger_psp_balance',
          ruleId: 'ledger-psp-balance',
          ruleKind: 'exact',
          cardinality: '1:N',
          leftIds: [left],
          rightIds: [right],
          currency: r.currency,
          leftAmount: p.ledger,
          rightAmount: p.report,
          difference: p.ledger.minus(p.report),
          evidence,
        });
        continue;
      }
      breaks.push({
        breakId: breakIdOf('amount_mismatch', `psp_balance:${p.account}:${r.currency}:${period.id}`),
        type: 'amount_mismatch',
        period: period.id,
        provider: r.provider,
        currency: r.currency,
        amount: p.ledger.minus(p.report).abs(),
        deltaGpuMs: 0,
        openedAtMs: cutoffMs,
        refs: { kind: 'psp_balance', ...evidence },
      });
    }
  }
  return { matches, breaks };
}

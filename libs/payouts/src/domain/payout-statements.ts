import type Big from 'big.js';
import type { EarnedLine } from '@hourglass/invoicing';
import { Dec } from '@hourglass/money';

export interface PayoutStatement {
  statementId: string;
  operatorId: string;
  currency: string;
  period: string;
  gross: Big;
  platformFee: Big;
  net: Big;
  lines: EarnedLine[];
}

/**
 * An operator's earned statement for a period and currency: the sum of its shares of the invoice
 * lines that period's billing run issued (adjustments included; credits are the platform's).
 * gross = platformFee + net exactly, because each line's share and fee sum to its amount.
 */
export function payoutStatements(period: string, lines: readonly EarnedLine[]): PayoutStatement[] {
  const groups = new Map<string, EarnedLine[]>();
  for (const line of lines) {
    if (!line.operatorId) continue;
    const key = `${line.operatorId}\u0000${line.currency}`;
    // Appended in place: copying the group per line made a 300k-line run quadratic.
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, members]) => {
      const { operatorId, currency } = members[0]!;
      const sum = (pick: (l: EarnedLine) => Big) => members.reduce((s, l) => s.plus(pick(l)), new Dec(0));
      return {
        statementId: `ps_${period.replace('-', '')}_${currency}_${operatorId}`,
        operatorId,
        currency,
        period,
        gross: sum((l) => l.amount),
        platformFee: sum((l) => l.platformFee),
        net: sum((l) => l.operatorShare),
        lines: [...members].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0)),
      };
    });
}

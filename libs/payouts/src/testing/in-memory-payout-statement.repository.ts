import { formatMoney } from '@hourglass/money';
import { Period } from '@hourglass/time';
import type { EarnedLine } from '@hourglass/invoicing';
import type { PayoutStatement } from '../domain/payout-statements';
import type { PayoutStatementRepository, PayoutStatementView } from '../ports';

/** Statements in memory; `lines` stands for invoicing's invoice lines, which the real store reads. */
export class InMemoryPayoutStatementRepository implements PayoutStatementRepository {
  readonly stored = new Map<string, PayoutStatement>();
  readonly lines: EarnedLine[] = [];

  async write(statements: readonly PayoutStatement[]): Promise<void> {
    for (const s of statements) this.stored.set(s.statementId, s);
  }

  async statements(filter: { period: string; operatorId?: string }): Promise<PayoutStatementView[]> {
    const { startMs, endMs } = Period.parse(filter.period);
    return [...this.stored.values()]
      .filter((s) => s.period === filter.period && (!filter.operatorId || s.operatorId === filter.operatorId))
      .sort((a, b) => (a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
      .map((s) => {
        const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, s.currency);
        return {
          statementId: s.statementId,
          operatorId: s.operatorId,
          currency: s.currency,
          periodStart: new Date(startMs).toISOString(),
          periodEnd: new Date(endMs).toISOString(),
          gross: money(s.gross),
          platformFee: money(s.platformFee),
          net: money(s.net),
          lines: this.lines
            .filter((l) => l.operatorId === s.operatorId && l.currency === s.currency)
            .sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0))
            .map((l) => ({
              invoiceId: l.invoiceId,
              invoiceNumber: l.invoiceNumber,
              customerId: l.customerId,
              lineId: l.lineId,
              kind: l.kind,
              rentalId: l.rentalId,
              priceBookVersion: l.priceBookVersion,
              servicePeriod: l.servicePeriod,
              quantityGpuHours: l.quantityGpuHours,
              amount: money(l.amount),
              operatorShare: money(l.operatorShare),
              platformFee: money(l.platformFee),
            })),
        };
      });
  }
}

import { dec } from '@hourglass/money';
import type { EarnedLine } from '@hourglass/invoicing';
import { payoutStatements } from '../domain/payout-statements';
import type { PayoutStatementRepository } from '../ports';

/** What a contract run needs besides the port: invoice lines where the store reads them. */
export interface PayoutRepositoryHarness {
  repository: PayoutStatementRepository;
  /** Issues the lines as one invoice of the period (number HG-2026-000001), as a billing run would. */
  issue(lines: readonly EarnedLine[]): Promise<void>;
}

const line = (operatorId: string, currency: string, amount: string, share: string, n: number): EarnedLine => ({
  invoiceId: 'in_202609_USD_c-1',
  invoiceNumber: 'HG-2026-000001',
  customerId: 'c-1',
  currency,
  lineId: `in_202609_USD_c-1:${String(n).padStart(4, '0')}`,
  kind: 'usage',
  rentalId: `r-${n}`,
  operatorId,
  priceBookVersion: 1,
  servicePeriod: '2026-09',
  quantityGpuHours: '8',
  amount: dec(amount),
  operatorShare: dec(share),
  platformFee: dec(amount).minus(share),
});

/** The PayoutStatementRepository contract, for the ClickHouse store and the in-memory fake alike. */
export function describePayoutStatementRepositoryContract(name: string, setup: () => Promise<PayoutRepositoryHarness>): void {
  describe(`PayoutStatementRepository contract: ${name}`, () => {
    let h: PayoutRepositoryHarness;
    beforeEach(async () => {
      h = await setup();
    });

    it('reads a period back per operator and currency with its lines, amounts in minor units; a rewrite keeps one copy', async () => {
      const lines = [line('op-2', 'USD', '19.92', '16.93', 1), line('op-1', 'USD', '17.52', '14.89', 2), line('op-1', 'USD', '1', '0.85', 3)];
      await h.issue(lines);
      const statements = payoutStatements('2026-09', lines);
      await h.repository.write(statements, 'run_2026-09', Date.parse('2026-10-01T00:10:00Z'));
      await h.repository.write(statements, 'run_2026-09', Date.parse('2026-10-01T00:10:00Z'));

      const read = await h.repository.statements({ period: '2026-09' });
      expect(read.map((s) => [s.statementId, s.operatorId, s.gross, s.platformFee, s.net, s.periodStart, s.periodEnd])).toEqual([
        ['ps_202609_USD_op-1', 'op-1', '18.52', '2.78', '15.74', '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
        ['ps_202609_USD_op-2', 'op-2', '19.92', '2.99', '16.93', '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
      ]);
      expect(read[0]!.lines.map((l) => [l.lineId, l.invoiceNumber, l.rentalId, l.amount, l.operatorShare, l.platformFee])).toEqual([
        ['in_202609_USD_c-1:0002', 'HG-2026-000001', 'r-2', '17.52', '14.89', '2.63'],
        ['in_202609_USD_c-1:0003', 'HG-2026-000001', 'r-3', '1.00', '0.85', '0.15'],
      ]);
    });

    it('filters by operator and finds nothing for another period', async () => {
      const lines = [line('op-1', 'USD', '10', '8.5', 1), line('op-2', 'USD', '10', '8.5', 2)];
      await h.issue(lines);
      await h.repository.write(payoutStatements('2026-09', lines), 'run_2026-09', 0);
      expect((await h.repository.statements({ period: '2026-09', operatorId: 'op-2' })).map((s) => s.operatorId)).toEqual(['op-2']);
      expect(await h.repository.statements({ period: '2026-08' })).toEqual([]);
    });
  });
}

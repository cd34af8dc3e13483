import type { EarnedLine, OperatorEarnings } from '@hourglass/invoicing';
import { payoutStatements } from './domain/payout-statements';
import type { PayoutStatementRepository } from './ports';

/**
 * Payouts' side of a billing run: the run hands over its invoices' earned lines (invoicing's
 * OperatorEarnings port) and this turns them into statements. Deterministic statement ids and a
 * write keyed by the run make a resumed run's second call a no-op.
 */
export class RecordPayoutStatements implements OperatorEarnings {
  constructor(private readonly repository: PayoutStatementRepository) {}

  async record(period: string, runId: string, issuedAtMs: number, lines: readonly EarnedLine[]): Promise<number> {
    const statements = payoutStatements(period, lines);
    await this.repository.write(statements, runId, issuedAtMs);
    return statements.length;
  }
}

import { InMemoryPayoutStatementRepository } from '../testing/in-memory-payout-statement.repository';
import { describePayoutStatementRepositoryContract } from './payout-statement.repository.contract';

// The same suite runs against the ClickHouse store in tests/integration/payouts-contracts.test.ts.
describePayoutStatementRepositoryContract('in memory', async () => {
  const repository = new InMemoryPayoutStatementRepository();
  return { repository, issue: async (lines) => void repository.lines.push(...lines) };
});

import { createClickHouse, migrate, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { ClickHouseBillingRepository, type EarnedLine, type IssuedInvoice } from '@hourglass/invoicing';
import { dec } from '@hourglass/money';
import { ClickHousePayoutStatementRepository } from '@hourglass/payouts';
import { describePayoutStatementRepositoryContract } from '../../libs/payouts/src/adapters/payout-statement.repository.contract';
import { workerDataDir } from '../support/harness';

/** The payout statement contract against the ClickHouse store; libs/payouts runs it on the fake. */
/** The clock that stamps billing_runs.recorded_at: fixed, no test reads the wall clock. */
const RECORDED_AT = { nowMs: () => Date.parse('2026-10-01T00:10:00Z') };
let client: ClickHouseClient;
let count = 0;
const run = `p_${Date.now().toString(36)}`;

beforeAll(() => {
  client = createClickHouse(loadConfig({ HOURGLASS_DATA_DIR: workerDataDir(), ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}) }));
});
afterAll(() => client?.close());

/** The earned lines as the one invoice a billing run would have written (line ids are line numbers). */
function invoiceOf(lines: readonly EarnedLine[]): IssuedInvoice {
  const total = lines.reduce((s, l) => s.plus(l.amount), dec('0'));
  return {
    invoiceId: lines[0]!.invoiceId,
    customerId: lines[0]!.customerId,
    currency: lines[0]!.currency,
    period: '2026-09',
    lines: lines.map((l) => ({
      rentalId: l.rentalId,
      operatorId: l.operatorId,
      priceBookId: 'pb-1',
      priceBookVersion: l.priceBookVersion,
      servicePeriod: l.servicePeriod,
      kind: 'usage',
      gpuMs: 28_800_000n,
      quantityGpuHours: l.quantityGpuHours,
      unitPrice: null,
      amount: l.amount,
      operatorShare: l.operatorShare,
      platformFee: l.platformFee,
      exact: l.amount,
      gpuCount: 8,
      creditGrantId: '',
      description: '',
    })),
    subtotal: total,
    creditsApplied: dec('0'),
    total,
    number: lines[0]!.invoiceNumber,
    numberYear: 2026,
    numberSeq: 1,
    issuedAtMs: Date.parse('2026-10-01T00:10:00Z'),
    runId: 'run_2026-09',
  };
}

describePayoutStatementRepositoryContract('ClickHouse', async () => {
  const database = `${run}_${++count}`;
  await migrate(client, { database, cluster: null, dedupWindow: 1000 }, RECORDED_AT);
  return {
    repository: new ClickHousePayoutStatementRepository(client, database),
    issue: (lines) => new ClickHouseBillingRepository(client, database, RECORDED_AT).writeInvoices([invoiceOf(lines)], 'HG'),
  };
});

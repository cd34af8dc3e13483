import { createClickHouse, migrate, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { ClickHouseBillingRepository, ClickHouseIdempotencyStore, ClickHouseInvoiceLifecycleRepository } from '@hourglass/invoicing';
import { describeBillingRepositoryContract } from '../../libs/invoicing/src/adapters/billing.repository.contract';
import { describeIdempotencyStoreContract } from '../../libs/invoicing/src/adapters/idempotency.store.contract';
import { describeInvoiceLifecycleRepositoryContract } from '../../libs/invoicing/src/adapters/invoice-lifecycle.repository.contract';
import { workerDataDir } from '../support/harness';

/**
 * The invoicing repository contracts against the ClickHouse adapters (chDB, or a server when
 * CLICKHOUSE_URL is set); libs/invoicing/src/adapters/contracts.spec.ts runs the same suites on the fakes.
 * A fresh database per test, as the fakes start empty.
 */
/** The clock that stamps billing_runs.recorded_at: fixed, no test reads the wall clock. */
const RECORDED_AT = { nowMs: () => Date.parse('2026-10-01T00:10:00Z') };
let client: ClickHouseClient;
let count = 0;
const run = `c_${Date.now().toString(36)}`;

beforeAll(() => {
  const config = loadConfig({ HOURGLASS_DATA_DIR: workerDataDir(), ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}) });
  client = createClickHouse(config);
});
afterAll(() => client?.close());

async function freshDatabase(): Promise<string> {
  const database = `${run}_${++count}`;
  await migrate(client, { database, cluster: null, dedupWindow: 1000 }, RECORDED_AT);
  return database;
}

describeInvoiceLifecycleRepositoryContract('ClickHouse', async () => {
  const database = await freshDatabase();
  const billing = new ClickHouseBillingRepository(client, database, RECORDED_AT);
  return {
    repository: new ClickHouseInvoiceLifecycleRepository(client, database),
    async issue(invoice, status) {
      await billing.writeInvoices([invoice], 'HG');
      if (status) await billing.writeStatusEvents([{ invoiceId: invoice.invoiceId, status, atMs: invoice.issuedAtMs, reason: 'test', eventId: `${invoice.invoiceId}:${status}` }], `${invoice.invoiceId}:status`);
    },
  };
});
describeIdempotencyStoreContract('ClickHouse', async () => new ClickHouseIdempotencyStore(client, await freshDatabase()));
describeBillingRepositoryContract('ClickHouse', async () => new ClickHouseBillingRepository(client, await freshDatabase(), RECORDED_AT));

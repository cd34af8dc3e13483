import * as fs from 'node:fs';
import * as path from 'node:path';
import { queryRows } from '@hourglass/clickhouse';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';
import { seedOctober } from '../support/finance-seed';

/** Every `-- query: NAME` block of docs/finance-queries.md, run against a seeded October 2026. */
const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'finance-queries.md'), 'utf8');
const QUERIES = [...DOC.matchAll(/```sql\n-- query: ([a-z-]+)\n([\s\S]*?)```/g)].map((m) => ({ name: m[1]!, sql: m[2]!.trim() }));

/** The seed's arithmetic is in tests/support/finance-seed.ts. */
const EXPECTED: Record<string, unknown[]> = {
  'owed-by-customer': [{ customer_id: 'c-1', customer_name: 'Acme Compute', currency: 'USD', invoices: '1', total_due: '700' }],
  'invoices-of-period': [
    { number: 'HG-2026-000001', customer_name: 'Acme Compute', currency: 'USD', total: '1792.8', credited: '92.8', paid: '1000', due: '700', status: 'finalized' },
    { number: 'HG-2026-000002', customer_name: 'Beta Labs', currency: 'EUR', total: '500', credited: '0', paid: '500', due: '0', status: 'paid' },
    { number: 'HG-2026-000003', customer_name: 'Acme Compute', currency: 'USD', total: '100', credited: '100', paid: '0', due: '0', status: 'void' },
  ],
  'revenue-by-gpu-model': [
    { period: '2026-10', currency: 'EUR', gpu_model: 'A100', datacenter_id: 'dc-west', gpu_hours: '200', amount: '500', platform_fee: '50', operator_share: '450' },
    { period: '2026-10', currency: 'USD', gpu_model: 'H100', datacenter_id: 'dc-east', gpu_hours: '720', amount: '1792.8', platform_fee: '179.28', operator_share: '1613.52' },
  ],
  'operator-earnings': [
    { operator_id: 'op-1', currency: 'USD', gross: '1792.8', platform_fee: '179.28', net: '1613.52' },
    { operator_id: 'op-2', currency: 'EUR', gross: '500', platform_fee: '50', net: '450' },
  ],
  'lines-per-invoice': [
    { number: 'HG-2026-000001', currency: 'USD', gpu_hours: '720', amount: '1792.8' },
    { number: 'HG-2026-000002', currency: 'EUR', gpu_hours: '200', amount: '500' },
  ],
  'invoiced-and-collected': [
    { period: '2026-10', currency: 'EUR', invoiced: '500', credited: '0', collected: '500', outstanding: '0' },
    { period: '2026-10', currency: 'USD', invoiced: '1792.8', credited: '92.8', collected: '1000', outstanding: '700' },
  ],
  'trial-balance': [{ currency: 'USD', debits: '1792.8', credits: '1792.8' }],
  'open-breaks': [{ type: 'fee_mismatch', currency: 'USD', breaks: '1', amount: '0.5', oldest: '2026-10-16T12:00:00.000Z' }],
};

describe('docs/finance-queries.md', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase('finance_queries');
    await seedOctober(t);
    // The examples use unqualified names, as `hourglass sql` users type them.
    await t.client.command({ query: `USE ${t.db}` });
  });
  afterAll(() => t?.drop());

  it('has example queries, each with a name', () => {
    expect(QUERIES.map((q) => q.name)).toEqual(expect.arrayContaining(Object.keys(EXPECTED)));
  });

  it.each(QUERIES.map((q) => [q.name, q.sql]))('runs %s and answers what the seed says', async (name, sql) => {
    const rows = await queryRows<Record<string, unknown>>(t.client, sql);
    if (name === 'receivables-aging') {
      // Age depends on when the test runs; what is owed does not.
      expect(rows.map(({ currency, invoices, due }) => ({ currency, invoices, due }))).toEqual([{ currency: 'USD', invoices: '1', due: '700' }]);
      expect(['0-30', '31-60', '61-90', '90+']).toContain(rows[0]!.age_bucket);
    } else {
      expect(rows).toEqual(EXPECTED[name]);
    }
  });
});

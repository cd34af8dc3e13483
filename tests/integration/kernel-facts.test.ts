import { queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import { ClickHouseFactStore, type FactTable } from '@hourglass/kernel';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

interface Price {
  sku: string;
  version: number;
  amount: string;
}
type PriceRow = { sku: string; version: number; amount: string };

const prices: FactTable<Price, PriceRow> = {
  name: 'prices',
  columns: ['sku', 'version', 'amount'],
  toRow: (p) => ({ sku: p.sku, version: p.version, amount: p.amount }),
  fromRow: (r) => ({ sku: r.sku, version: Number(r.version), amount: r.amount }),
};

describe('kernel: fact store on ClickHouse', () => {
  let client: ClickHouseClient;
  let database: string;
  let store: TestDatabase;

  beforeAll(async () => {
    store = await freshDatabase('kernel');
    ({ client, name: database } = store);
    await client.command({
      query: `CREATE TABLE \`${database}\`.prices (sku String, version UInt32, amount Decimal(38, 12))
              ENGINE = MergeTree ORDER BY (sku, version) SETTINGS non_replicated_deduplication_window = 1000`,
    });
  });

  afterAll(async () => {
    await store.drop();
  });

  it('appends in chunks whose retry writes nothing twice, and reads the latest version of each key', async () => {
    const facts = new ClickHouseFactStore(client, database, { chunkRowsMax: 2 });
    const batch: Price[] = [
      { sku: 'gpu-h100', version: 1, amount: '2.49' },
      { sku: 'gpu-a100', version: 1, amount: '1.10' },
      { sku: 'gpu-h100', version: 2, amount: '2.19' },
      { sku: 'gpu-l40', version: 1, amount: '0.90' },
      { sku: 'gpu-a100', version: 3, amount: '1.05' },
    ];
    await facts.append(prices, batch, 'load-1');
    await facts.append(prices, batch, 'load-1'); // the same write retried after a crash
    const [count] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM \`${database}\`.prices`);
    expect(Number(count!.n)).toBe(5);

    const latest = await facts.latest(prices, { key: ['sku'], version: 'version' });
    expect(latest).toEqual([
      { sku: 'gpu-a100', version: 3, amount: '1.05' },
      { sku: 'gpu-h100', version: 2, amount: '2.19' },
      { sku: 'gpu-l40', version: 1, amount: '0.9' },
    ]);
    const one = await facts.latest(prices, { key: ['sku'], version: 'version' }, { sql: 'sku = {sku:String}', params: { sku: 'gpu-h100' } });
    expect(one).toEqual([{ sku: 'gpu-h100', version: 2, amount: '2.19' }]);
  });
});

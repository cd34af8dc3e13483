import { queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import { ClickHouseFactStore, ClickHouseInboxRepository, InboxProcessor, type FactTable } from '@hourglass/kernel';
import { clockStartingAt } from '../support/harness';
import { freshClickHouse } from '../support/kernel-stores';

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

describe('kernel: fact store and inbox on ClickHouse', () => {
  let client: ClickHouseClient;
  let database: string;
  const clock = clockStartingAt('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    ({ client, database } = await freshClickHouse());
    await client.command({
      query: `CREATE TABLE \`${database}\`.prices (sku String, version UInt32, amount Decimal(38, 12))
              ENGINE = MergeTree ORDER BY (sku, version) SETTINGS non_replicated_deduplication_window = 1000`,
    });
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS \`${database}\` SYNC` });
    await client.close();
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

  it('stores a webhook delivered twice once, tells which copy was new, and processes it once', async () => {
    const inbox = new ClickHouseInboxRepository(client, database);
    const body = '{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"amount_received":1999}}}';
    const entry = { provider: 'stripe', key: 'evt_1', body, headers: { 'stripe-signature': 't=1,v1=abc' }, receivedAtMs: clock.nowMs() };
    expect(await inbox.store(entry)).toEqual({ isNew: true });
    expect(await inbox.store({ ...entry, receivedAtMs: clock.nowMs() + 1_000 })).toEqual({ isNew: false });
    expect(await inbox.store({ ...entry, key: 'evt_2' })).toEqual({ isNew: true });
    const [stored] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM \`${database}\`.inbox WHERE key = 'evt_1'`);
    expect(Number(stored!.n)).toBe(1);

    const pending = await inbox.pending('stripe', 10);
    expect(pending.map((e) => e.key)).toEqual(['evt_1', 'evt_2']);
    expect(pending[0]).toEqual(entry);

    const handled: string[] = [];
    const processor = new InboxProcessor(inbox, clock, 10);
    const result = await processor.processPending('stripe', async (e) => {
      if (e.key === 'evt_2') throw new Error('unknown invoice, yet');
      handled.push(e.key);
      return 'applied';
    });
    expect(result).toEqual({ processed: 1, failed: 1 });
    expect((await inbox.pending('stripe', 10)).map((e) => e.key)).toEqual(['evt_2']);
    await processor.processPending('stripe', async (e) => (handled.push(e.key), 'applied'));
    expect(handled).toEqual(['evt_1', 'evt_2']);
    expect(await inbox.pending('stripe', 10)).toEqual([]);
  });
});

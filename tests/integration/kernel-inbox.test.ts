import { queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import { ClickHouseInboxRepository, InboxProcessor } from '@hourglass/kernel';
import { clockStartingAt } from '../support/harness';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

/** The inbox on ClickHouse: a webhook is stored as received, once per provider key, before anything acts on it. */
describe('kernel: inbox on ClickHouse', () => {
  let client: ClickHouseClient;
  let database: string;
  let store: TestDatabase;
  const clock = clockStartingAt('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    store = await freshDatabase('kernel');
    ({ client, name: database } = store);
  });

  afterAll(async () => {
    await store.drop();
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

import Redis from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import type { ClickHouseClient } from '@hourglass/clickhouse';
import {
  ClickHouseOutboxRepository,
  DEFAULT_RELAY_OPTIONS,
  LeasedJob,
  NatsMessagePublisher,
  OutboxRelay,
  RedisLeaseStore,
  UNFENCED,
  type OutboxMessage,
  type OutboxStore,
} from '@hourglass/kernel';
import { provisionStreams, STREAMS } from '@hourglass/nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { clockStartingAt } from '../support/harness';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

/**
 * The outbox relay between chDB and a real nats-server: killed after publishing and before recording
 * the delivery, the restarted relay publishes again and JetStream keeps one copy (Nats-Msg-Id).
 */
describe('kernel: outbox relay', () => {
  let nats: LocalService;
  let redisService: LocalService;
  let nc: NatsConnection;
  let redis: Redis;
  let client: ClickHouseClient;
  let database: string;
  let store: TestDatabase;
  const clock = clockStartingAt('2026-03-01T00:00:00Z');
  const options = { ...DEFAULT_RELAY_OPTIONS, batchMax: 4, settleMs: 0, lookbackMs: 60_000 };

  const event = (n: number): OutboxMessage => ({
    id: `invoice.finalized:inv_${n}`,
    subject: 'hourglass.v1.events.invoice.finalized',
    payload: JSON.stringify({ id: `invoice.finalized:inv_${n}`, data: { n } }),
  });

  async function streamIds(): Promise<string[]> {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(STREAMS.billing.name);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAMS.billing.name, { seq });
      ids.push(m.header.get('Nats-Msg-Id'));
    }
    return ids;
  }

  beforeAll(async () => {
    nats = await startLocalNats();
    redisService = await startLocalRedis();
    nc = await connect({ servers: nats.url });
    await provisionStreams(await nc.jetstreamManager());
    redis = new Redis(redisService.url, { keyPrefix: 'ko:' });
    store = await freshDatabase('kernel');
    ({ client, name: database } = store);
  });

  afterAll(async () => {
    await store.drop();
    redis.disconnect();
    await nc.close();
    await nats.stop();
    await redisService.stop();
  });

  it('delivers each fact once when the relay dies between publishing and recording, and restarts', async () => {
    const outbox = new ClickHouseOutboxRepository(client, database, clock);
    await outbox.enqueue([1, 2, 3, 4, 5, 6].map(event), 'run_2026-02:events');
    await outbox.enqueue([1, 2, 3, 4, 5, 6].map(event), 'run_2026-02:events'); // a resumed run enqueues again

    // The first relay process: publishes its first batch, then dies before recording it.
    const dying: OutboxStore = Object.create(outbox) as OutboxStore;
    dying.recordDeliveries = async () => {
      throw new Error('SIGKILL');
    };
    const publisher = new NatsMessagePublisher(nc.jetstream());
    await expect(new OutboxRelay(dying, publisher, options).tick(UNFENCED)).rejects.toThrow('SIGKILL');
    expect(await streamIds()).toHaveLength(4);

    // The restarted relay, as a leased job like `hourglass serve` runs it.
    const restarted = new OutboxRelay(new ClickHouseOutboxRepository(client, database, clock), publisher, options);
    const job = new LeasedJob({ name: options.name, leaseMs: 5_000, intervalMs: 100, tickMsMax: 5_000 }, { store: new RedisLeaseStore(redis), clock }, (fence) =>
      restarted.tick(fence),
    );
    expect(await job.runOnce()).toBe('ran');
    expect(await job.runOnce()).toBe('ran');
    await job.stop();

    expect((await streamIds()).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => event(n).id).sort());
    expect(await outbox.undelivered(0, 100)).toEqual([]);
    expect(await outbox.progress(options.name)).toBeGreaterThan(0);

    // A fact written later is delivered by the next tick, once.
    await outbox.enqueue([event(7)], 'late');
    await restarted.tick(UNFENCED);
    await restarted.tick(UNFENCED);
    expect(await streamIds()).toHaveLength(7);
  });
});

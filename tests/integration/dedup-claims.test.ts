import Redis from 'ioredis';
import { markDedupClaimsComplete, RedisDedupStore } from '@hourglass/metering';
import { startLocalRedis, type LocalService } from '@hourglass/platform';

/**
 * Two metering replicas' dedup stores on one Redis that loses its data while both have batches in
 * flight (claimed, not yet written to ClickHouse). The replica that finds the claims gone rebuilds
 * them from ClickHouse, which cannot hold the other replica's unwritten batch; that replica must put
 * its own claims back before judging anything against them, or a resend would count twice.
 */
describe('dedup claims with several replicas and a Redis that lost its data', () => {
  let server: LocalService;
  let a: Redis;
  let b: Redis;
  /** What ClickHouse holds when a rebuild reads it: nothing of the batches in flight. */
  const rebuild = (redis: Redis) => async () => {
    await markDedupClaimsComplete(redis, `rebuild-${Math.random()}`);
  };

  beforeAll(async () => {
    server = await startLocalRedis();
    a = new Redis(server.url, { keyPrefix: 'hg:test:' });
    b = new Redis(server.url, { keyPrefix: 'hg:test:' });
    await markDedupClaimsComplete(a, 'first');
  });
  afterAll(async () => {
    a?.disconnect();
    b?.disconnect();
    await server?.stop();
  });

  it('keeps a replica’s in-flight claims across a rebuild made by another replica', async () => {
    const storeA = new RedisDedupStore(a, 0, rebuild(a));
    const storeB = new RedisDedupStore(b, 0, rebuild(b));
    // Replica A claims a batch and is still writing it.
    expect(await storeA.claim([{ key: 'agent://n1|e-1', seq: 1 }])).toEqual([1]);
    await a.flushall();
    // Replica B finds the claims gone first and rebuilds them (ClickHouse has no row of A's batch yet).
    expect(await storeB.claim([{ key: 'agent://n1|e-2', seq: 2 }])).toEqual([2]);
    // The agent resends e-1; it reaches replica A: still a duplicate of sequence 1.
    expect(await storeA.claim([{ key: 'agent://n1|e-1', seq: 3 }])).toEqual([1]);
    // And replica B, now that A has put its claim back, judges it the same way.
    expect(await storeB.claim([{ key: 'agent://n1|e-1', seq: 4 }])).toEqual([1]);
  });

  it('claims as before when nothing was lost', async () => {
    const store = new RedisDedupStore(a, 0, rebuild(a));
    expect(await store.claim([{ key: 'k|1', seq: 10 }, { key: 'k|2', seq: 11 }, { key: 'k|1', seq: 12 }])).toEqual([10, 11, 10]);
    expect(await store.claim([{ key: 'k|2', seq: 13 }])).toEqual([11]);
  });
});

import type { ClickHouseClient } from '@clickhouse/client';
import { type DunningCase, RedisDunningScheduleStore } from '@hourglass/dunning';
import { RedisLeaseStore } from '@hourglass/kernel';
import { DEDUP_BUCKETS, dedupCompleteKey, recoverDedupClaims, RedisDedupStore } from '@hourglass/metering';
import { hasBinary } from '@hourglass/platform';
import { connectRedis, duplicateRedis, waitForReplicas, type RedisClient } from '@hourglass/redis';
import { LocalRedisCluster } from '../support/redis-cluster';

/**
 * Hourglass on a Redis Cluster of three masters (REDIS_CLUSTER_NODES): a batch's dedup claims span
 * every master, leases and the dunning schedule work across slots, and a master that restarts empty
 * (no persistence; it keeps its slots) loses the markers of its buckets with their claims, so the next
 * claim rebuilds exactly those buckets from ClickHouse and puts back the claims still in flight.
 * ClickHouse is a stand-in here that answers the rebuild's query with the rows "written" so far: what
 * is under test is what Redis holds.
 */
const suite = hasBinary('redis-server') && hasBinary('redis-cli') ? describe : describe.skip;

type Event = { key: string; seq: number };
const events = (from: number, count: number, seqFrom: number): Event[] =>
  Array.from({ length: count }, (_, i) => ({ key: `agent://node-${(from + i) % 50}|evt-${from + i}`, seq: seqFrom + i }));
const resent = (batch: Event[], seqFrom: number): Event[] => batch.map((e, i) => ({ key: e.key, seq: seqFrom + i }));
const seqs = (batch: Event[]) => batch.map((e) => e.seq);

suite('Redis Cluster: claims, leases and schedules across hash slots', () => {
  let cluster: LocalRedisCluster;
  let redis: RedisClient;
  const clients: RedisClient[] = [];
  /** What ClickHouse holds: (source, id, first sequence) of every batch written. */
  const written: Array<[string, string, string]> = [];
  const clickhouse = {
    query: async ({ query }: { query: string }) => ({ json: async () => (/OFFSET 0\b/.test(query) ? written : []) }),
  } as unknown as ClickHouseClient;
  const rebuilds: string[] = [];
  const clock = { nowMs: () => Date.UTC(2026, 11, 1) };
  const storeOn = (client: RedisClient) => new RedisDedupStore(client, 0, () => recoverDedupClaims(client, clickhouse, 'hourglass', 0, clock, (line) => rebuilds.push(line)));
  const write = (batch: Event[]) => written.push(...batch.map((e): [string, string, string] => [e.key.split('|')[0]!, e.key.split('|')[1]!, String(e.seq)]));
  const masterOfBucket = async (prefix: string, bucket: number) => cluster.masterOf(await cluster.keySlot(`${prefix}${dedupCompleteKey(bucket)}`));

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start(3);
    redis = await connectRedis({ url: 'redis://127.0.0.1', keyPrefix: 'hg:cluster-test:', clusterNodes: cluster.seeds });
  }, 60_000);
  afterAll(async () => {
    for (const c of [redis, ...clients]) c?.disconnect();
    await cluster?.stop();
  });

  it('claims a batch whose keys live on every master, and answers its resend as duplicates', async () => {
    const store = storeOn(redis);
    const batch = events(0, 5_000, 1);
    expect(await store.claim(batch)).toEqual(seqs(batch));
    const masters = new Set(await Promise.all(Array.from({ length: DEDUP_BUCKETS }, (_, b) => masterOfBucket('hg:cluster-test:', b))));
    expect(masters.size).toBe(3);
    expect(await store.claim(resent(batch, 10_001))).toEqual(seqs(batch));
    // Within one batch the second copy is a duplicate of the first.
    expect(await store.claim([{ key: 'agent://n|x', seq: 20_001 }, { key: 'agent://n|x', seq: 20_002 }])).toEqual([20_001, 20_001]);
  }, 30_000);

  it('rebuilds the buckets of a master that restarted empty, and every replica puts its in-flight claims back', async () => {
    const [a, b] = [duplicateRedis(redis, 'hg:rebuild:'), duplicateRedis(redis, 'hg:rebuild:')];
    clients.push(a, b);
    await Promise.all([a.connect(), b.connect()]);
    const [replicaA, replicaB] = [storeOn(a), storeOn(b)];
    // Replica A's first batch is written to ClickHouse; its second and replica B's are still in flight.
    const first = events(0, 2_000, 1);
    const inFlightA = events(2_000, 1_000, 2_001);
    const inFlightB = events(3_000, 1_000, 3_001);
    expect(await replicaA.claim(first)).toEqual(seqs(first));
    write(first);
    expect(await replicaA.claim(inFlightA)).toEqual(seqs(inFlightA));
    expect(await replicaB.claim(inFlightB)).toEqual(seqs(inFlightB));
    rebuilds.length = 0;

    const victim = await masterOfBucket('hg:rebuild:', 0);
    const lostBuckets: number[] = [];
    for (let bucket = 0; bucket < DEDUP_BUCKETS; bucket++) if ((await masterOfBucket('hg:rebuild:', bucket)) === victim) lostBuckets.push(bucket);
    await cluster.restartEmpty(victim);
    expect(await cluster.ask(victim, ['DBSIZE'])).toBe(0);

    // Everything resent reaches replica A: the written batch is judged against the rebuild, its own
    // batch in flight against the claims it put back.
    expect(await replicaA.claim(resent([...first, ...inFlightA], 100_001))).toEqual(seqs([...first, ...inFlightA]));
    expect(rebuilds).toEqual([expect.stringContaining(`(${lostBuckets.length} of ${DEDUP_BUCKETS} buckets had lost theirs)`)]);
    // Replica B sees the rebuild it did not make, and puts its own in-flight claims back before judging.
    expect(await replicaB.claim(resent(inFlightB, 200_001))).toEqual(seqs(inFlightB));
    expect(await replicaA.claim(resent(inFlightB, 300_001))).toEqual(seqs(inFlightB));
    expect(rebuilds).toHaveLength(1);
  }, 60_000);

  it('hands out fenced leases whose counter and lease live in different slots', async () => {
    const leases = new RedisLeaseStore(redis);
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => leases.acquire(`job-${i}`, 30_000)));
    expect(tokens.every((t) => t !== null)).toBe(true);
    const first = (await leases.acquire('billing', 30_000))!;
    expect(await leases.acquire('billing', 30_000)).toBeNull();
    expect([await leases.holds('billing', first), await leases.renew('billing', first, 30_000)]).toEqual([true, true]);
    await leases.release('billing', first);
    const second = (await leases.acquire('billing', 30_000))!;
    expect(second).toBeGreaterThan(first);
    expect(await leases.holds('billing', first)).toBe(false);
  });

  it('asks every master for its replicas before a claim or a lease counts', async () => {
    // No master here has a replica: waiting for one fails, on whichever master the writes went to.
    await expect(waitForReplicas(redis, 1, 'lease billing')).rejects.toThrow('0 of 1 Redis replicas confirmed');
  }, 10_000);

  it('keeps the dunning schedule’s two keys in one slot, so its MULTI runs', async () => {
    const schedule = new RedisDunningScheduleStore(redis);
    const due: DunningCase = {
      invoiceId: 'inv-1',
      customerId: 'c-1',
      currency: 'EUR',
      segment: 'fast',
      amountDue: '10.00',
      failedAtMs: 1_000,
      startedAtMs: 1_000,
      graceEndsAtMs: 2_000,
      schedule: [5_000],
      attemptsMade: 0,
      lastAttemptAtMs: null,
      nextAttemptAtMs: 5_000,
      state: 'scheduled',
    };
    expect(await schedule.add(due)).toBe(true);
    await schedule.put({ ...due, nextAttemptAtMs: 6_000 });
    expect(await schedule.due(6_000, 10)).toEqual(['inv-1']);
    await schedule.remove('inv-1');
    expect([await schedule.get('inv-1'), await schedule.due(6_000, 10)]).toEqual([null, []]);
  });
});

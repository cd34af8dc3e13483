import type { ClickHouseClient } from '@clickhouse/client';
import { type DunningCase, RedisDunningScheduleStore } from '@hourglass/dunning';
import { RedisLeaseStore } from '@hourglass/kernel';
import { DEDUP_BUCKETS, dedupCompleteKey, recoverDedupClaims, RedisDedupStore } from '@hourglass/metering';
import { hasBinary, type LocalService } from '@hourglass/platform';
import { connectRedis, duplicateRedis, waitForReplicas, type RedisClient } from '@hourglass/redis';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';
import { LocalRedisCluster } from '../support/redis-cluster';

/**
 * Hourglass on a Redis Cluster of three masters (REDIS_CLUSTER_NODES): a batch's dedup claims span
 * every master, leases and the dunning schedule work across slots, and a master that restarts empty
 * (no persistence; it keeps its slots) loses the markers of its buckets with their claims, so the next
 * claim rebuilds exactly those buckets from ClickHouse and puts back the claims still in flight.
 * In the first suite ClickHouse is a stand-in that answers the rebuild's query with the rows "written"
 * so far: what is under test is what Redis holds. The second runs all of Hourglass (chDB) on the
 * Cluster while every master in turn restarts empty: resends are judged against claims rebuilt from
 * ClickHouse, and the month bills once under leases taken on the Cluster.
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

suite('Redis Cluster: the whole of Hourglass ingests and bills through a master that restarts empty', () => {
  let cluster: LocalRedisCluster;
  let h: Harness;
  const minute = (i: number) => {
    const start = Date.UTC(2026, 9, 10, 0, 0) + i * 60_000;
    return usageEvent({ id: `cluster-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 60_000).toISOString() } });
  };
  const status = async () => (await h.api<{ accepted: number; duplicate: number; rejected: number; lag: number }>('GET', '/v1/status')).body;

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start(3);
    // REDIS_URL only names the password here; the masters have no replicas to WAIT for.
    const seed = { url: `redis://127.0.0.1:${cluster.nodes[0]!.port}` } as LocalService;
    h = await startHarness({ REDIS_CLUSTER_NODES: cluster.nodesEnv, HOURGLASS_REDIS_WAIT_REPLICAS: '0' }, { redis: seed }, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await cluster?.stop();
  });

  it('judges resends against claims rebuilt from ClickHouse, and bills every minute once', async () => {
    for (let i = 0; i < 60; i++) await h.publish(SUBJECT, minute(i));
    await h.waitFor(status, (s) => s.accepted === 60 && s.lag === 0);

    // Every master in turn restarts with no data: every bucket's claims are gone once.
    for (const node of cluster.nodes) await cluster.restartEmpty(node.port);
    for (let i = 60; i < 120; i++) await h.publish(SUBJECT, minute(i));
    for (let i = 0; i < 60; i++) await h.publish(SUBJECT, minute(i));
    const after = await h.waitFor(status, (s) => s.accepted + s.duplicate === 180 && s.lag === 0, 90_000);
    expect([after.accepted, after.duplicate, after.rejected]).toEqual([120, 60, 0]);

    const run = await h.api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-10' });
    expect([run.status, run.body.invoices]).toEqual([200, 1]);
    const invoices = (await h.api<Array<{ total: string; lines: Array<{ quantityGpuHours: string }> }>>('GET', '/v1/invoices?period=2026-10')).body;
    // One invoice: 120 minutes × 8 GPUs = 16 GPU-h × 2.49
    expect(invoices.map((i) => [i.lines[0]!.quantityGpuHours, i.total])).toEqual([['16', '39.84']]);
  }, 180_000);
});

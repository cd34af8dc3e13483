import Redis from 'ioredis';
import { Fence, LeasedJob, LeaseLostError, NODE_TIMERS, RedisLeaseStore, type FenceCheck } from '@hourglass/kernel';
import { startLocalRedis, type LocalService } from '@hourglass/platform';
import { clockStartingAt } from '../support/harness';

/** The fenced lease against a real redis-server: two holders, one deposed by expiry. */
describe('kernel: fenced Redis lease', () => {
  let redis: LocalService;
  let a: Redis;
  let b: Redis;
  const clock = clockStartingAt('2026-03-01T00:00:00Z');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    redis = await startLocalRedis();
    a = new Redis(redis.url, { keyPrefix: 'kl:' });
    b = new Redis(redis.url, { keyPrefix: 'kl:' });
  });

  afterAll(async () => {
    a.disconnect();
    b.disconnect();
    await redis.stop();
  });

  it("refuses the deposed holder's write by its stale token, and accepts the new holder's", async () => {
    const storeA = new RedisLeaseStore(a);
    const storeB = new RedisLeaseStore(b);
    const ledger: Array<{ token: number; value: string }> = [];
    // A writer that must not run after losing the lease: it checks its fence right before writing.
    const write = async (fence: FenceCheck, value: string) => {
      await fence.assertHeld();
      ledger.push({ token: fence.token, value });
    };

    const tokenA = (await storeA.acquire('billing', 300))!;
    expect(await storeB.acquire('billing', 300)).toBeNull();
    const fenceA = new Fence(storeA, 'billing', tokenA, clock, { leaseMs: 300, holdMsMax: null });
    await write(fenceA, 'a1');

    await sleep(450); // A stalls (a GC pause, a slow query) past its lease
    const tokenB = (await storeB.acquire('billing', 5_000))!;
    expect(tokenB).toBeGreaterThan(tokenA);
    const fenceB = new Fence(storeB, 'billing', tokenB, clock, { leaseMs: 5_000, holdMsMax: null });

    await expect(write(fenceA, 'a2')).rejects.toBeInstanceOf(LeaseLostError);
    await write(fenceB, 'b1');
    await fenceA.release(); // must not free B's lease
    expect(await storeB.holds('billing', tokenB)).toBe(true);
    expect(ledger).toEqual([
      { token: tokenA, value: 'a1' },
      { token: tokenB, value: 'b1' },
    ]);
    await fenceB.release();
    expect(await a.exists('lock:billing')).toBe(0);
  });

  it('keeps a held lease alive with its heartbeat past the lease length', async () => {
    const store = new RedisLeaseStore(a);
    const token = (await store.acquire('heartbeat', 300))!;
    const fence = new Fence(store, 'heartbeat', token, clock, { leaseMs: 300, heartbeatMs: 100, holdMsMax: null });
    fence.startHeartbeat(NODE_TIMERS);
    await sleep(900);
    expect(await new RedisLeaseStore(b).acquire('heartbeat', 300)).toBeNull();
    await fence.release();
  });

  it('runs a leased job on one of two replicas, and on the other once the first stops', async () => {
    const ran: string[] = [];
    const options = { name: 'kernel-test-job', leaseMs: 5_000, intervalMs: 1_000, tickMsMax: 5_000 };
    const jobA = new LeasedJob(options, { store: new RedisLeaseStore(a), clock }, async () => void ran.push('a'));
    const jobB = new LeasedJob(options, { store: new RedisLeaseStore(b), clock }, async () => void ran.push('b'));
    expect(await jobA.runOnce()).toBe('ran');
    expect(await jobB.runOnce()).toBe('skipped');
    expect(await jobA.runOnce()).toBe('ran');
    await jobA.stop();
    expect(await jobB.runOnce()).toBe('ran');
    await jobB.stop();
    expect(ran).toEqual(['a', 'a', 'b']);
  });
});

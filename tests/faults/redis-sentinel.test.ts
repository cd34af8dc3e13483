import { hasBinary, type LocalService } from '@hourglass/platform';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';
import { LocalRedisSentinel } from '../support/redis-sentinel';

/**
 * Redis behind Sentinel (REDIS_SENTINELS): the primary is killed during ingest and a replica takes
 * over; claims are confirmed by a replica before a batch counts (WAIT), so resends after the failover
 * are still duplicates. The new primary is killed in turn during the billing run: its lease holds, and
 * the month bills exactly once.
 */
const suite = hasBinary('redis-server') ? describe : describe.skip;

suite('Redis with Sentinel: the primary fails over during ingest', () => {
  let sentinel: LocalRedisSentinel;
  let h: Harness;
  const minute = (i: number) => {
    const start = Date.UTC(2026, 9, 10, 0, 0) + i * 60_000;
    return usageEvent({ id: `sentinel-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 60_000).toISOString() } });
  };
  const status = async () => (await h.api<{ accepted: number; duplicate: number; rejected: number; lag: number }>('GET', '/v1/status')).body;

  beforeAll(async () => {
    sentinel = await LocalRedisSentinel.start();
    const primary = { url: `redis://127.0.0.1:${await sentinel.primaryPort()}` } as LocalService;
    // The billing run waits after writing its lines, so the primary can fail over in the middle of it.
    process.env.HOURGLASS_TEST_FAULTS = '1';
    process.env.HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS = '4000';
    h = await startHarness({ REDIS_SENTINELS: sentinel.sentinelsEnv, REDIS_SENTINEL_MASTER: 'hourglass' }, { redis: primary }, { clock: clockStartingAt('2026-11-15T09:00:00Z') });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
  }, 120_000);
  afterAll(async () => {
    delete process.env.HOURGLASS_TEST_FAULTS;
    delete process.env.HOURGLASS_BILLING_PAUSE_AFTER_LINES_MS;
    await h?.close();
    await sentinel?.stop();
  });

  it('loses no claim in a failover during ingest, and bills every minute once through another during the billing run', async () => {
    for (let i = 0; i < 60; i++) await h.publish(SUBJECT, minute(i));
    await h.waitFor(status, (s) => s.accepted === 60 && s.lag === 0);

    const { from, to } = await sentinel.killPrimary();
    expect(to).not.toBe(from);
    // After the failover: 60 new minutes, and every earlier one sent again.
    for (let i = 60; i < 120; i++) await h.publish(SUBJECT, minute(i));
    for (let i = 0; i < 60; i++) await h.publish(SUBJECT, minute(i));
    const after = await h.waitFor(status, (s) => s.accepted + s.duplicate === 180 && s.lag === 0, 90_000);
    expect([after.accepted, after.duplicate, after.rejected]).toEqual([120, 60, 0]);

    // The billing run takes its lease on the new primary; the primary fails over again while the run
    // waits between its lines and its headers: the lease (confirmed by the replica when taken) holds,
    // and the run finishes once, exactly.
    const running = h.api<{ invoices: number }>('POST', '/v1/billing-runs', { period: '2026-10' });
    await new Promise((r) => setTimeout(r, 1_500));
    const second = await sentinel.killPrimary({ awaitReplica: false });
    expect(second.to).not.toBe(to);
    const run = await running;
    expect([run.status, run.body.invoices]).toEqual([200, 1]);
    // No replica is left to confirm a new lease: a second run is refused for now, not run unconfirmed.
    const again = await h.api<{ reason: string; message: string }>('POST', '/v1/billing-runs', { period: '2026-10' });
    expect([again.status, again.body.reason, again.body.message]).toEqual([503, 'unavailable', expect.stringContaining('0 of 1 Redis replicas confirmed')]);
    const invoices = (await h.api<Array<{ total: string; lines: Array<{ quantityGpuHours: string }> }>>('GET', '/v1/invoices?period=2026-10')).body;
    // One invoice: 120 minutes × 8 GPUs = 16 GPU-h × 2.49
    expect(invoices.map((i) => [i.lines[0]!.quantityGpuHours, i.total])).toEqual([['16', '39.84']]);
  }, 180_000);
});

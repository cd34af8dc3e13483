import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  lag: number;
  streams: Array<{ stream: string; consumer: string | null }>;
}

/** Real outages of the real components: the pipeline pauses, then resumes without loss or double counting. */
describe('faults: NATS and Redis restarts during ingest', () => {
  let h: Harness;
  const status = async () => (await h.api<Status>('GET', '/v1/status')).body;
  const minute = (i: number) => {
    const start = Date.UTC(2026, 9, 10, 0, 0) + i * 60_000;
    return usageEvent({ id: `restart-${i}`, data: { intervalStart: new Date(start).toISOString(), intervalEnd: new Date(start + 60_000).toISOString() } });
  };
  // As an agent does: retry a publish that timed out while the broker was away. A retried publish may
  // have been stored the first time, so it can add a copy: a duplicate that Hourglass must count.
  const publishRange = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      for (let attempt = 1; ; attempt++) {
        try {
          await h.publish(SUBJECT, minute(i));
          break;
        } catch (error) {
          if (attempt >= 30) throw error;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  };
  const stored = async () => (await h.nc.jetstreamManager().then((m) => m.streams.info('USAGE'))).state.last_seq;

  beforeAll(async () => {
    h = await startHarness();
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
  });
  afterAll(() => h?.close());

  it('resumes after nats-server is killed and restarted on its storage', async () => {
    await publishRange(0, 200);
    await h.waitFor(status, (s) => s.accepted === 200);
    await h.nats.restart(1_000);
    // Publishing reconnects too; resends of events already taken in are duplicates.
    await publishRange(150, 400);
    const total = await stored();
    expect(total).toBeGreaterThanOrEqual(450);
    const final = await h.waitFor(status, (s) => s.accepted + s.duplicate + s.rejected === total && s.lag === 0, 60_000);
    expect([final.accepted, final.duplicate, final.rejected]).toEqual([400, total - 400, 0]);
    const [covered] = await h.sql<{ gpu_ms: string }>("SELECT toString(sum(gpu_ms)) AS gpu_ms FROM usage_covered_hourly WHERE rental_id = 'r-123'");
    // 400 distinct minutes × 8 GPUs
    expect(covered!.gpu_ms).toBe(String(400 * 60_000 * 8));
  });

  it('resumes after redis-server is killed and restarted empty, still deduplicating', async () => {
    await h.redis.restart(500);
    await publishRange(300, 500);
    const total = await stored();
    const final = await h.waitFor(status, (s) => s.accepted + s.duplicate === total && s.lag === 0, 60_000);
    // 100 new minutes; the 100 resent ones are duplicates although Redis forgot every claim.
    expect([final.accepted, final.duplicate]).toEqual([500, total - 500]);
  });
  it('resumes after nats-server lost its storage: the stream is created anew and numbers from 1 again', async () => {
    const before = await status();
    await h.nats.restart(500, { wipe: true });
    // Hourglass's consumer finds the stream gone and creates it again; agents publish once it is there.
    await h.waitFor(
      () =>
        h.nc
          .jetstreamManager()
          .then((jsm) => jsm.streams.info('USAGE'))
          .then((i) => i.config.name, () => null),
      (name) => name === 'USAGE',
      60_000,
    );
    // 50 resends of minutes taken in before the loss, and 150 new ones, under sequences 1… again.
    await publishRange(450, 650);
    const total = await stored();
    const final = await h.waitFor(status, (s) => s.accepted + s.duplicate === before.accepted + before.duplicate + total && s.lag === 0, 60_000);
    expect([final.accepted, final.duplicate - before.duplicate]).toEqual([650, total - 150]);
    // The reference data consumer found its stream gone too, and provisioned it again.
    const ref = await h.waitFor(status, (s) => s.streams.some((x) => x.stream === 'REF' && x.consumer !== null), 30_000);
    expect(ref.streams.find((x) => x.stream === 'REF')!.consumer).toBe('reference');
    const [covered] = await h.sql<{ gpu_ms: string }>("SELECT toString(sum(gpu_ms)) AS gpu_ms FROM usage_covered_hourly WHERE rental_id = 'r-123'");
    expect(covered!.gpu_ms).toBe(String(650 * 60_000 * 8));
  });
});

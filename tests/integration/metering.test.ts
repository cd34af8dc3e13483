import Redis from 'ioredis';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  lag: number;
  streams: Array<{ stream: string; ackPending: number; parked: number; lag: number }>;
}

describe('metering: usage events from NATS to ClickHouse', () => {
  let h: Harness;
  const status = async () => (await h.api<Status>('GET', '/v1/status')).body;

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '1500' });
    const loaded = await h.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
    expect(loaded.status).toBe(200);
  });
  afterAll(() => h?.close());

  it('accepts, deduplicates and rejects with exactly one reason each, keeping rejects in usage_rejections and the DLQ', async () => {
    const good = usageEvent();
    const futureEnd = new Date(Date.now() + 10 * 60_000);
    const futureStart = new Date(futureEnd.getTime() - 60_000);
    const bad: Array<[string, string | object, string]> = [
      ['malformed_json', '{"specversion": "1.0", ', SUBJECT],
      ['malformed_json', '[1,2,3]', SUBJECT],
      ['schema_violation', usageEvent({ type: 'gpu.usage.v2' }), SUBJECT],
      ['schema_violation', usageEvent({ data: { gpuCount: 'eight' } }), SUBJECT],
      ['invalid_interval', usageEvent({ data: { intervalEnd: '2026-10-05T12:00:00.000Z' } }), SUBJECT],
      ['interval_too_long', usageEvent({ data: { intervalEnd: '2026-10-05T13:00:00.001Z' } }), SUBJECT],
      ['future_timestamp', usageEvent({ data: { intervalStart: futureStart.toISOString(), intervalEnd: futureEnd.toISOString() } }), SUBJECT],
      ['source_mismatch', usageEvent(), 'usage.v1.op-43.dc-fra-1'],
      ['source_mismatch', usageEvent({ source: 'agent://op-42/dc-fra-1/node-18' }), SUBJECT],
      ['unknown_rental', usageEvent({ data: { rentalId: 'r-nobody' } }), SUBJECT],
      ['rental_mismatch', usageEvent({ data: { gpuCount: 4 } }), SUBJECT],
      ['outside_rental_window', usageEvent({ data: { intervalStart: '2026-09-30T23:00:00.000Z', intervalEnd: '2026-10-01T00:00:00.000Z' } }), SUBJECT],
    ];
    await h.publish(SUBJECT, good, `${good.source}|${good.id}`);
    // Resent without a Nats-Msg-Id, so JetStream's window cannot catch it: Hourglass must.
    await h.publish(SUBJECT, good);
    for (const [, payload, subject] of bad) await h.publish(subject, payload);

    const final = await h.waitFor(status, (s) => s.accepted + s.duplicate + s.rejected === 2 + bad.length, 20_000);
    expect(final.accepted).toBe(1);
    expect(final.duplicate).toBe(1);
    const expectedByReason: Record<string, number> = {};
    for (const [reason] of bad) expectedByReason[reason] = (expectedByReason[reason] ?? 0) + 1;
    for (const [reason, n] of Object.entries(expectedByReason)) expect(final.rejectedByReason[reason]).toBe(n);

    const rows = await h.sql<{ reason: string; raw: string; subject: string }>('SELECT reason, raw, subject FROM usage_rejections ORDER BY stream_seq');
    expect(rows.map((r) => r.reason)).toEqual(bad.map(([reason]) => reason));
    expect(rows[0]!.raw).toBe('{"specversion": "1.0", ');

    const jsm = await h.nc.jetstreamManager();
    const dlq = await jsm.streams.info('USAGE_DLQ');
    expect(dlq.state.messages).toBe(bad.length);
    const lastMalformed = await jsm.streams.getMessage('USAGE_DLQ', { last_by_subj: 'usage.dlq.v1.malformed_json' });
    expect(lastMalformed.header.get('Hourglass-Reason')).toBe('malformed_json');
    expect(new TextDecoder().decode(lastMalformed.data)).toBe('[1,2,3]');
  });

  it('parks an event whose rental is not known, acked, and accepts it when the rental arrives within the grace', async () => {
    const before = await status();
    const early = usageEvent({ data: { rentalId: 'r-late' }, subject: 'rental/r-late' });
    await h.publish(SUBJECT, early);
    const usage = (s: Status) => s.streams.find((x) => x.stream === 'USAGE')!;
    // Acked on the broker, yet still counted in the lag: it has no outcome.
    const parked = await h.waitFor(status, (s) => usage(s).parked === 1 && usage(s).ackPending === 0, 1_000);
    expect(usage(parked).lag).toBe(1);
    await h.api('POST', '/v1/rentals', rental({ rentalId: 'r-late' }));
    const after = await h.waitFor(status, (s) => s.accepted === before.accepted + 1, 15_000);
    expect(after.rejected).toBe(before.rejected);
    expect(usage(after)).toMatchObject({ parked: 0, lag: 0 });
  });

  it('rolls covered GPU-ms up per rental and hour, counting overlaps and resends once', async () => {
    await h.api('POST', '/v1/rentals', rental({ rentalId: 'r-roll', gpuCount: 2 }));
    const ev = (start: string, end: string) =>
      usageEvent({ subject: 'rental/r-roll', data: { rentalId: 'r-roll', gpuCount: 2, intervalStart: start, intervalEnd: end } });
    const events = [
      ev('2026-10-06T00:30:00.000Z', '2026-10-06T01:30:00.000Z'),
      ev('2026-10-06T00:45:00.000Z', '2026-10-06T01:00:00.000Z'),
      ev('2026-10-06T01:00:00.000+02:00', '2026-10-06T02:00:00.000+02:00'), // 23:00–00:00 UTC the day before
      ev('2026-10-06T01:15:00.000Z', '2026-10-06T02:00:00.000Z'),
    ];
    for (const e of events) await h.publish(SUBJECT, e);
    const rows = await h.waitFor(
      () => h.sql<{ hour: string; covered_ms: string; gpu_ms: string }>("SELECT hour, covered_ms, gpu_ms FROM usage_covered_hourly WHERE rental_id = 'r-roll' ORDER BY hour"),
      (r) => r.length === 3 && r[2]!.covered_ms === '3600000',
      15_000,
    );
    // 23:00–24:00 → 60 min; 00:30–01:00 → 30 min; 01:00–02:00 → 60 min (three overlapping pieces); × 2 GPUs.
    expect(rows.map((r) => [r.hour, r.covered_ms, r.gpu_ms])).toEqual([
      ['2026-10-05T23:00:00.000Z', '3600000', '7200000'],
      ['2026-10-06T00:00:00.000Z', '1800000', '3600000'],
      ['2026-10-06T01:00:00.000Z', '3600000', '7200000'],
    ]);
  });

  it('serves /healthz and /metrics', async () => {
    const health = await h.api<{ status: string }>('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const metrics = await h.api<string>('GET', '/metrics');
    expect(metrics.body).toMatch(/hourglass_usage_events_total\{[^}]*outcome="accepted"/);
  });
});

describe('metering: deduplication survives Redis losing its data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
  });
  afterAll(() => h?.close());

  it('rebuilds (source, id) claims from ClickHouse, so an old event resent later is still a duplicate', async () => {
    const status = async () => (await h.api<Status>('GET', '/v1/status')).body;
    const event = usageEvent();
    await h.publish(SUBJECT, event);
    await h.waitFor(status, (s) => s.accepted === 1);
    // The harness's own redis-server: flushing it touches nothing shared.
    const redis = new Redis(h.redis.url);
    await redis.flushall();
    await redis.quit();

    await h.publish(SUBJECT, event);
    await h.publish(SUBJECT, usageEvent());
    const after = await h.waitFor(status, (s) => s.accepted + s.duplicate === 3, 20_000);
    expect([after.accepted, after.duplicate]).toEqual([2, 1]);
  });
});

describe('metering: a new store sharing an old Redis', () => {
  it('starts from no claims: events an earlier store took in are not duplicates here', async () => {
    const status = async (h: Harness) => (await h.api<Status>('GET', '/v1/status')).body;
    const event = usageEvent();
    const first = await startHarness();
    await first.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
    await first.publish(SUBJECT, event);
    await first.waitFor(() => status(first), (s) => s.accepted === 1);
    await first.server.app.close();

    // Same Redis, a fresh ClickHouse database (a new data directory) and a fresh NATS.
    const second = await startHarness({}, { redis: first.redis });
    try {
      await second.api('POST', '/v1/reference', [customer(), priceBook(), rental()]);
      await second.publish(SUBJECT, event);
      const s = await second.waitFor(() => status(second), (x) => x.accepted + x.duplicate === 1);
      expect([s.accepted, s.duplicate]).toEqual([1, 0]);
    } finally {
      await second.close();
      await first.nc.close();
      await first.nats.stop();
      await first.redis.stop();
    }
  });
});

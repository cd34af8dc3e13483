import type { Clock } from '@hourglass/contracts';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  replayed: number;
  rejectedByReason: Record<string, number>;
  lag: number;
}
interface Replay {
  replayId: string;
  candidates: number;
  accepted: number[];
  alreadyReplayed: number[];
  stillRejected: Array<{ seq: number; reason: string }>;
}
interface Invoice {
  lines: Array<{ kind: string; rentalId: string; servicePeriod: string; quantityGpuHours: string; amount: string }>;
}

const GRACE_MS = 2_000;

/**
 * issue #15.6: usage published before its rental is rejected unknown_rental after the grace period;
 * once the rental is loaded, a replay accepts it exactly once, however often it runs, and billing
 * bills it once (as usage of its period, or as an adjustment when the period was invoiced already).
 */
describe('rejections replay: a way back for usage that arrived before its rental', () => {
  let h: Harness;
  // The service's clock: the real one, pushed past the grace period when the test says so.
  let skewMs = 0;
  const clock: Clock = { nowMs: () => Date.now() + skewMs };
  const status = async () => (await h.api<Status>('GET', '/v1/status')).body;
  const invoices = async (period: string) => (await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`)).body;
  const replay = (body: object) => h.api<Replay>('POST', '/v1/rejections/replay', body);
  const septemberHour = (rentalId: string, id: string) =>
    usageEvent({ id, data: { rentalId, intervalStart: '2026-09-10T00:00:00.000Z', intervalEnd: '2026-09-10T01:00:00.000Z' } });

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: String(GRACE_MS) }, undefined, { clock });
    expect((await h.api('POST', '/v1/reference', [customer(), priceBook()])).status).toBe(200);
  });
  afterAll(() => h?.close());

  it('accepts the usage once after the rental is loaded, even when replayed twice at once and again; bills it once', async () => {
    const early = septemberHour('r-123', 'evt-early-1');
    await h.publish(SUBJECT, early);
    await h.publish(SUBJECT, early); // a resend before any outcome: a duplicate, as always
    skewMs = GRACE_MS + 1_000; // the grace period runs out
    const rejected = await h.waitFor(status, (s) => s.rejectedByReason.unknown_rental === 1 && s.duplicate === 1 && s.lag === 0);
    expect(rejected).toMatchObject({ accepted: 0, rejected: 1, replayed: 0 });
    const [row] = await h.sql<{ stream_seq: string }>(`SELECT stream_seq FROM usage_rejections WHERE reason = 'unknown_rental'`);
    const seq = Number(row!.stream_seq);

    // Before the rental is known, a replay finds the cause not fixed and changes nothing.
    const tooSoon = await replay({ reason: 'unknown_rental' });
    expect(tooSoon.status).toBe(200);
    expect(tooSoon.body).toMatchObject({ candidates: 1, accepted: [], stillRejected: [{ seq, reason: 'unknown_rental' }] });

    await h.api('POST', '/v1/reference', [rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    const [a, b] = await Promise.all([replay({ reason: 'unknown_rental' }), replay({ reason: 'unknown_rental', rentalId: 'r-123' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([...a.body.accepted, ...a.body.alreadyReplayed, ...b.body.accepted, ...b.body.alreadyReplayed].every((s) => s === seq)).toBe(true);
    const again = await replay({ reason: 'unknown_rental' });
    expect(again.body).toMatchObject({ candidates: 0, accepted: [], stillRejected: [] });

    // One accepted row, under the rejected row's sequence; the rejection stays on record.
    expect(await h.sql(`SELECT stream_seq FROM usage_events`)).toHaveLength(1);
    expect(await h.sql<{ n: string }>(`SELECT count() AS n FROM usage_outcomes WHERE outcome = 'accepted' AND stream_seq = ${seq} AND reason = 'replayed'`)).toEqual([{ n: '1' }]);
    expect(await h.sql(`SELECT stream_seq FROM usage_rejections`)).toHaveLength(1);
    expect(await status()).toMatchObject({ accepted: 1, duplicate: 1, rejected: 0, replayed: 1, rejectedByReason: { unknown_rental: 0 } });

    // Every run is on record: who, when, which sequences.
    const runs = await h.sql<{ replay_id: string; phase: string; requested_by: string; accepted_seqs: string[] }>(
      `SELECT replay_id, phase, requested_by, accepted_seqs FROM usage_replays ORDER BY recorded_at, phase`,
    );
    expect(runs.filter((r) => r.phase === 'started')).toHaveLength(4);
    expect(runs.filter((r) => r.phase === 'finished')).toHaveLength(4);
    expect(new Set(runs.map((r) => r.requested_by)).size).toBe(1);
    expect(runs.some((r) => r.accepted_seqs.map(Number).includes(seq))).toBe(true);

    // A resend after the replay is still a duplicate.
    await h.publish(SUBJECT, early);
    await h.waitFor(status, (s) => s.duplicate === 2 && s.lag === 0);
    expect(await status()).toMatchObject({ accepted: 1, rejected: 0 });

    // Billed once: 8 GPUs × 1 h.
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    const [september] = await invoices('2026-09');
    expect(september!.lines.filter((l) => l.rentalId === 'r-123').map((l) => [l.kind, l.servicePeriod, l.quantityGpuHours])).toEqual([['usage', '2026-09', '8']]);
  });

  it('bills usage replayed after its period was invoiced as an adjustment on the next invoice, once', async () => {
    skewMs = 0;
    const late = septemberHour('r-456', 'evt-early-2');
    await h.publish(SUBJECT, late);
    skewMs = GRACE_MS + 1_000;
    await h.waitFor(status, (s) => s.rejectedByReason.unknown_rental === 1 && s.lag === 0);
    await h.api('POST', '/v1/reference', [rental({ rentalId: 'r-456', startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    const first = await replay({ reason: 'unknown_rental', rentalId: 'r-456', since: '2026-01-01T00:00:00Z' });
    expect(first.body.accepted).toHaveLength(1);
    expect((await replay({ reason: 'unknown_rental', rentalId: 'r-456' })).body.candidates).toBe(0);

    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-10' })).status).toBe(200);
    const lines = (await invoices('2026-10')).flatMap((i) => i.lines).filter((l) => l.rentalId === 'r-456');
    expect(lines.map((l) => [l.kind, l.servicePeriod, l.quantityGpuHours])).toEqual([['adjustment', '2026-09', '8']]);
  });

  it('refuses to replay any other reason: those rejections are final and a resend stays a duplicate', async () => {
    const r = await replay({ reason: 'rental_mismatch' });
    expect(r.status).toBe(400);
    expect((await replay({ reason: 'unknown_rental', since: 'yesterday' })).status).toBe(400);
  });
});

import type { Rental } from '@hourglass/contracts';
import type { RejectedUsage } from './domain';
import { RejectionsReplayService, type ReplayRecord, type ReplayStore } from './rejections-replay.service';

const SUBJECT = 'usage.v1.op-42.dc-fra-1';
const RECEIVED = Date.parse('2026-10-05T12:05:00Z');

const event = (id: string, rentalId: string) =>
  new TextEncoder().encode(
    JSON.stringify({
      specversion: '1.0',
      id,
      source: 'agent://op-42/dc-fra-1/node-17',
      type: 'gpu.usage.v1',
      data: {
        rentalId,
        operatorId: 'op-42',
        datacenterId: 'dc-fra-1',
        nodeId: 'node-17',
        gpuModel: 'H100-SXM-80GB',
        gpuCount: 8,
        intervalStart: '2026-10-05T12:00:00.000Z',
        intervalEnd: '2026-10-05T12:01:00.000Z',
      },
    }),
  );

const rental = (rentalId: string): Rental =>
  ({
    rentalId,
    customerId: 'c-9',
    operatorId: 'op-42',
    datacenterId: 'dc-fra-1',
    nodeId: 'node-17',
    gpuModel: 'H100-SXM-80GB',
    gpuCount: 8,
    pricingClass: 'on_demand',
    priceBookId: 'pb',
    startedAt: '2026-10-01T00:00:00Z',
    endedAt: null,
    commitment: null,
    updatedAt: '2026-10-01T00:00:00Z',
  }) as unknown as Rental;

/** usage_outcomes in memory: rejected rows, and accepted rows keyed by sequence (the dedup token). */
class MemoryStore implements ReplayStore {
  readonly accepted = new Map<number, string>();
  readonly records: ReplayRecord[] = [];
  failAfterInserts = Infinity;
  constructor(readonly rejected: RejectedUsage[]) {}
  async candidates(): Promise<RejectedUsage[]> {
    return this.rejected.filter((r) => !this.accepted.has(r.seq));
  }
  async replayedSeqs(seqs: readonly number[]): Promise<Set<number>> {
    return new Set(seqs.filter((s) => this.accepted.has(s)));
  }
  async insertReplayed(outcome: { seq: number }, replayId: string): Promise<void> {
    if (this.failAfterInserts-- <= 0) throw new Error('killed');
    if (!this.accepted.has(outcome.seq)) this.accepted.set(outcome.seq, replayId);
  }
  async record(r: ReplayRecord): Promise<void> {
    this.records.push(r);
  }
}

describe('RejectionsReplayService', () => {
  const rows: RejectedUsage[] = [
    { seq: 3, subject: SUBJECT, raw: event('a', 'r-1'), receivedAtMs: RECEIVED },
    { seq: 5, subject: SUBJECT, raw: event('b', 'r-1'), receivedAtMs: RECEIVED },
    { seq: 9, subject: SUBJECT, raw: event('c', 'r-unknown'), receivedAtMs: RECEIVED },
  ];
  const known = (id: string) => (id === 'r-1' ? rental(id) : undefined);
  let n = 0;
  const service = (store: ReplayStore) => new RejectionsReplayService(store, known, { nowMs: () => RECEIVED + 3_600_000 }, { newId: () => `id${++n}` });
  const request = { reason: 'unknown_rental' as const, sinceMs: null, rentalId: null };

  it('accepts each valid rejection once, leaves the others rejected, and records the run', async () => {
    const store = new MemoryStore(rows);
    const result = await service(store).replay(request, 'ops');
    expect(result.accepted).toEqual([3, 5]);
    expect(result.stillRejected).toEqual([{ seq: 9, reason: 'unknown_rental', detail: 'no rental r-unknown is known yet' }]);
    expect(store.records.map((r) => [r.phase, r.requestedBy, r.candidateSeqs, r.acceptedSeqs])).toEqual([
      ['started', 'ops', [3, 5, 9], []],
      ['finished', 'ops', [3, 5, 9], [3, 5]],
    ]);
    const again = await service(store).replay(request, 'ops');
    expect([again.candidates, again.accepted]).toEqual([1, []]);
    expect([...store.accepted.keys()]).toEqual([3, 5]);
  });

  it('a run killed midway is completed by the next, and nothing is accepted twice', async () => {
    const store = new MemoryStore(rows);
    store.failAfterInserts = 1;
    await expect(service(store).replay(request, 'ops')).rejects.toThrow('killed');
    expect([...store.accepted.keys()]).toEqual([3]);
    expect(store.records.map((r) => r.phase)).toEqual(['started']);
    store.failAfterInserts = Infinity;
    const next = await service(store).replay(request, 'ops');
    expect(next.accepted).toEqual([5]);
    expect([...store.accepted.keys()]).toEqual([3, 5]);
  });

  it('two runs at once write each row once', async () => {
    const store = new MemoryStore(rows);
    const [a, b] = await Promise.all([service(store).replay(request, 'a'), service(store).replay(request, 'b')]);
    expect([...a.accepted, ...b.accepted, ...a.alreadyReplayed, ...b.alreadyReplayed].every((s) => s === 3 || s === 5)).toBe(true);
    expect(store.accepted.size).toBe(2);
  });
});

import type { Rental } from '@hourglass/contracts';
import { MeteringService } from './metering.service';
import type { DeadLetterSink, DedupStore, IncomingUsage, ParkedUsage, ParkedUsageStore, Rejection, UsageOutcome, UsageOutcomeRepository } from './ports';

const NOW_MS = Date.UTC(2026, 10, 26, 12, 5);
const SUBJECT = 'usage.v1.op-42.dc-fra-1';
const encoder = new TextEncoder();

const RENTAL: Rental = {
  rentalId: 'r-123',
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-std',
  startedAtMs: Date.UTC(2026, 10, 1),
  endedAtMs: null,
  commitment: null,
  updatedAtMs: Date.UTC(2026, 10, 1),
};

function payload(id: string, data: Record<string, unknown> = {}): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      specversion: '1.0',
      id,
      source: 'agent://op-42/dc-fra-1/node-17',
      type: 'gpu.usage.v1',
      time: '2026-11-26T12:01:00.120Z',
      subject: 'rental/r-123',
      datacontenttype: 'application/json',
      data: {
        rentalId: 'r-123',
        operatorId: 'op-42',
        datacenterId: 'dc-fra-1',
        nodeId: 'node-17',
        gpuModel: 'H100-SXM-80GB',
        gpuCount: 8,
        intervalStart: '2026-11-26T12:00:00.000Z',
        intervalEnd: '2026-11-26T12:01:00.000Z',
        ...data,
      },
    }),
  );
}

function message(seq: number, data: Uint8Array, over: Partial<IncomingUsage> = {}): IncomingUsage {
  return { seq, subject: SUBJECT, data, receivedAtMs: NOW_MS - 1_000, redelivered: false, ...over };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** In-memory ports that record the order of the durable steps. */
class Fakes {
  readonly steps: string[] = [];
  readonly rows = new Map<number, UsageOutcome>();
  /** Every row written, in order: a Map alone would hide a sequence written twice. */
  readonly written: UsageOutcome[] = [];
  readonly holders = new Map<string, number>();
  readonly deadLetters: Rejection[] = [];
  /** When set, inserts wait for it: a write still in flight. */
  insertGate: Promise<void> | null = null;
  /** Parked events by position, and whether each is resolved. */
  readonly parked = new Map<number, { event: ParkedUsage; resolved: boolean }>();
  readonly rentals = new Map<string, Rental>([[RENTAL.rentalId, RENTAL]]);
  nowMs = NOW_MS;

  readonly repository: UsageOutcomeRepository = {
    existingSeqs: async (seqs) => {
      this.steps.push(`existing ${seqs.join(',')}`);
      return new Set(seqs.filter((s) => this.rows.has(s)));
    },
    highestSeq: async () => Math.max(0, ...this.rows.keys()),
    insert: async (outcomes) => {
      const seqs = outcomes.map((o) => o.seq).join(',');
      this.steps.push(`insert start ${seqs}`);
      if (this.insertGate) await this.insertGate;
      for (const o of outcomes) {
        this.rows.set(o.seq, o);
        this.written.push(o);
      }
      this.steps.push(`insert done ${seqs}`);
    },
  };

  readonly dedup: DedupStore = {
    claim: async (items) => {
      this.steps.push(`claim ${items.map((i) => i.seq).join(',')}`);
      return items.map(({ key, seq }) => {
        const holder = this.holders.get(key);
        if (holder !== undefined) return holder;
        this.holders.set(key, seq);
        return seq;
      });
    },
  };

  readonly sink: DeadLetterSink = {
    publish: async (rejections) => {
      this.steps.push(`dlq ${rejections.map((r) => r.seq).join(',')}`);
      this.deadLetters.push(...rejections);
    },
  };

  readonly parking: ParkedUsageStore = {
    park: async (events) => {
      this.steps.push(`park ${events.map((e) => e.seq).join(',')}`);
      for (const event of events) if (!this.parked.has(event.seq)) this.parked.set(event.seq, { event, resolved: false });
    },
    parkedSeqs: async (seqs) => new Set(seqs.filter((s) => this.parked.has(s))),
    open: async (limit, afterSeq) =>
      [...this.parked.values()]
        .filter((p) => !p.resolved && p.event.seq > afterSeq)
        .map((p) => p.event)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit),
    openCount: async () => [...this.parked.values()].filter((p) => !p.resolved).length,
    resolve: async (events) => {
      this.steps.push(`resolve ${events.map((e) => e.seq).join(',')}`);
      for (const e of events) this.parked.get(e.seq)!.resolved = true;
    },
  };

  service(): MeteringService {
    return new MeteringService(
      this.repository,
      this.dedup,
      { get: (id) => this.rentals.get(id) },
      this.sink,
      this.parking,
      { recorded: () => undefined, redeliveredAlreadyWritten: () => undefined, waitingForRental: () => undefined },
      { nowMs: () => this.nowMs },
      { unknownRentalGraceMs: 60_000 },
    );
  }
}

describe('MeteringService', () => {
  it('gives every message one outcome, a duplicate the first sequence, and keeps rejections in the DLQ before writing', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    await sut.process([
      message(1, payload('a')),
      message(2, payload('a')),
      message(3, encoder.encode('{"specversion": "1.0", ')),
      message(4, payload('b', { gpuCount: 4 })),
      message(5, payload('c', { rentalId: 'r-unknown' })),
      message(6, payload('d')),
    ]);

    expect([...fakes.parked.keys()]).toEqual([5]);
    const rows = [...fakes.rows.values()].sort((a, b) => a.seq - b.seq);
    expect(rows.map((o) => [o.seq, o.kind])).toEqual([
      [1, 'accepted'],
      [2, 'duplicate'],
      [3, 'rejected'],
      [4, 'rejected'],
      [6, 'accepted'],
    ]);
    expect(rows[1]).toMatchObject({ kind: 'duplicate', firstSeq: 1, id: 'a', rentalId: 'r-123' });
    expect(rows.filter((o) => o.kind === 'rejected').map((o) => (o as Rejection).reason)).toEqual(['malformed_json', 'rental_mismatch']);
    expect(fakes.deadLetters.map((r) => r.seq)).toEqual([3, 4]);
    expect(fakes.steps.indexOf('dlq 3,4')).toBeLessThan(fakes.steps.findIndex((s) => s.startsWith('insert start')));
  });

  it('does not write again a redelivered message whose row exists, and acks it', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    await sut.process([message(1, payload('a'))]);
    await sut.process([message(1, payload('a'), { redelivered: true }), message(2, payload('b'))]);

    expect(fakes.steps).toContain('existing 1');
    expect(fakes.steps.filter((s) => s.startsWith('insert start'))).toEqual(['insert start 1', 'insert start 2']);
  });

  it('claims the next batch while the previous one is still writing, in call order', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    const gate = deferred();
    fakes.insertGate = gate.promise;
    const first = sut.process([message(1, payload('a'))]);
    const second = sut.process([message(2, payload('a')), message(3, payload('b'))]);
    await new Promise((resolve) => setImmediate(resolve));

    expect(fakes.steps).toEqual(['claim 1', 'insert start 1', 'claim 2,3', 'insert start 2,3']);
    gate.resolve();
    await Promise.all([first, second]);
    // The resend in the second batch is a duplicate of the event still being written by the first.
    expect(fakes.rows.get(2)).toMatchObject({ kind: 'duplicate', firstSeq: 1 });
  });

  it('waits for the writes in flight before looking up a redelivered message', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    const gate = deferred();
    fakes.insertGate = gate.promise;
    const first = sut.process([message(1, payload('a'))]);
    // ack_wait ran out while the first delivery was being written: the same sequence comes back.
    const second = sut.process([message(1, payload('a'), { redelivered: true })]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fakes.steps).toEqual(['claim 1', 'insert start 1']);

    gate.resolve();
    await Promise.all([first, second]);
    expect(fakes.steps).toEqual(['claim 1', 'insert start 1', 'insert done 1', 'existing 1']);
    expect(fakes.rows.size).toBe(1);
  });

  // nats-server 2.9 can deliver a sequence again with a delivery count of 1 (nats-io/nats-server#5305):
  // seen in tests/faults/billing-crash.test.ts as 16375 outcome rows for 16374 messages.
  it('writes one row for a sequence the broker delivers again as new, after later ones', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    await sut.process([message(1, payload('a')), message(2, payload('b'))]);
    await sut.process([message(2, payload('b')), message(3, payload('c'))]);

    expect(fakes.steps).toContain('existing 2');
    expect(fakes.written.map((o) => o.seq)).toEqual([1, 2, 3]);
  });

  it('writes one row for a sequence that comes twice in one batch, and parks a parked one once', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    await sut.process([
      message(1, payload('a')),
      message(2, payload('w', { rentalId: 'r-unknown' })),
      message(1, payload('a'), { redelivered: true }),
      message(2, payload('w', { rentalId: 'r-unknown' })),
    ]);

    expect(fakes.written.map((o) => [o.seq, o.kind])).toEqual([[1, 'accepted']]);
    expect(fakes.steps.filter((s) => s.startsWith('park'))).toEqual(['park 2']);
  });

  it('looks up, after a restart, sequences at or below the highest one already written', async () => {
    const fakes = new Fakes();
    await fakes.service().process([message(1, payload('a')), message(2, payload('b'))]);
    const restarted = fakes.service();
    await restarted.process([message(2, payload('b')), message(3, payload('c'))]);

    expect(fakes.written.map((o) => o.seq)).toEqual([1, 2, 3]);
  });

  it('fails only the batch whose write failed; the next one still goes through', async () => {
    const fakes = new Fakes();
    const sut = fakes.service();
    const insert = fakes.repository.insert;
    let calls = 0;
    fakes.repository.insert = async (outcomes) => {
      if (calls++ === 0) throw new Error('ClickHouse refused the write');
      return insert(outcomes);
    };
    const first = sut.process([message(1, payload('a'))]);
    const second = sut.process([message(2, payload('b'))]);

    await expect(first).rejects.toThrow('ClickHouse refused the write');
    await expect(second).resolves.toBeUndefined();
    expect([...fakes.rows.keys()]).toEqual([2]);
  });

  describe('events whose rental is not known yet', () => {
    const unknown = (seq: number, id = 'w') => message(seq, payload(id, { rentalId: 'r-late' }));
    const lateRental: Rental = { ...RENTAL, rentalId: 'r-late' };

    it('parks the event instead of writing it, and accepts it once its rental is known', async () => {
      const fakes = new Fakes();
      const sut = fakes.service();
      await sut.process([message(1, payload('a')), unknown(2)]);
      expect(fakes.written.map((o) => o.seq)).toEqual([1]);
      expect(fakes.steps).toEqual(['claim 1,2', 'insert start 1', 'insert done 1', 'park 2']);

      await expect(sut.reviewParked(100)).resolves.toBeNull();
      expect(fakes.written.map((o) => o.seq)).toEqual([1]);

      fakes.rentals.set('r-late', lateRental);
      await sut.reviewParked(100);
      expect(fakes.rows.get(2)).toMatchObject({ kind: 'accepted', customerId: 'c-9' });
      expect(fakes.steps.slice(-3)).toEqual(['insert start 2', 'insert done 2', 'resolve 2']);
      await sut.reviewParked(100);
      expect(fakes.written.map((o) => o.seq)).toEqual([1, 2]);
    });

    it('rejects it as unknown_rental, into the DLQ, once the grace is over', async () => {
      const fakes = new Fakes();
      const sut = fakes.service();
      await sut.process([unknown(1)]);
      fakes.nowMs = NOW_MS - 1_000 + 60_000;
      await sut.reviewParked(100);

      expect(fakes.rows.get(1)).toMatchObject({ kind: 'rejected', reason: 'unknown_rental', rentalId: 'r-late' });
      expect(fakes.deadLetters.map((r) => r.seq)).toEqual([1]);
      expect(fakes.parked.get(1)!.resolved).toBe(true);
    });

    it('only marks resolved a parked event whose row was written before a crash', async () => {
      const fakes = new Fakes();
      const sut = fakes.service();
      await sut.process([unknown(1)]);
      fakes.rentals.set('r-late', lateRental);
      const resolve = fakes.parking.resolve;
      fakes.parking.resolve = async () => {
        throw new Error('killed before the mark');
      };
      await expect(sut.reviewParked(100)).rejects.toThrow('killed before the mark');
      fakes.parking.resolve = resolve;

      await fakes.service().reviewParked(100);
      expect(fakes.written.map((o) => o.seq)).toEqual([1]);
      expect(fakes.parked.get(1)!.resolved).toBe(true);
    });

    it('neither writes nor parks again a parked message the broker delivers again', async () => {
      const fakes = new Fakes();
      await fakes.service().process([unknown(1)]);
      // Killed after parking, before the ack: the message comes back to a new process.
      await fakes.service().process([{ ...unknown(1), redelivered: true }, message(2, payload('a'))]);

      expect(fakes.steps.filter((s) => s.startsWith('park'))).toEqual(['park 1']);
      expect(fakes.written.map((o) => o.seq)).toEqual([2]);
    });

    it('counts a resend of a parked event as its duplicate, and the parked one once resolved', async () => {
      const fakes = new Fakes();
      const sut = fakes.service();
      await sut.process([unknown(1)]);
      await sut.process([unknown(2)]);
      expect(fakes.rows.get(2)).toMatchObject({ kind: 'duplicate', firstSeq: 1 });

      fakes.rentals.set('r-late', lateRental);
      await sut.reviewParked(100);
      expect(fakes.rows.get(1)).toMatchObject({ kind: 'accepted' });
      expect(fakes.written.map((o) => o.seq)).toEqual([2, 1]);
    });

    it('pages through parked events that still wait', async () => {
      const fakes = new Fakes();
      const sut = fakes.service();
      await sut.process([unknown(1, 'a'), unknown(2, 'b'), unknown(3, 'c')]);
      await expect(sut.reviewParked(2)).resolves.toBe(2);
      await expect(sut.reviewParked(2, 2)).resolves.toBeNull();
      expect(fakes.written).toEqual([]);
    });
  });
});

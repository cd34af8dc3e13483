import Big from 'big.js';
import { Dec } from '@hourglass/money';
import type { Customer, PriceBookVersion, Rental } from '@hourglass/contracts';
import { cellKey, type CreditAlert, type HourKey, type RatedHour, type SeqGap } from './domain';
import type { AlertSink, OutcomeRef, RatingRepository, RatingRun, ReferenceLookup, SpendEntry, SpendStore, SpendTotal } from './ports';
import { RatingJobService, type RatingJobOptions } from './rating-job.service';
import { hoursOverlapping, MS_PER_HOUR, periodOf, type Span } from '@hourglass/time';

const H0 = Date.UTC(2026, 9, 5, 12);
const MIN = 60_000;

/** An in-memory RatingRepository that answers from outcomes as the ClickHouse adapter does. */
class FakeRepository implements RatingRepository {
  outcomes: OutcomeRef[] = [];
  ratings: Array<RatedHour & { ratingSeq: number }> = [];
  runs: RatingRun[] = [];
  failRecordRun = false;

  accept(seq: number, rentalId: string, fromMin: number, toMin: number, accepted = true): void {
    this.outcomes.push({ seq, accepted, rentalId, startMs: H0 + fromMin * MIN, endMs: H0 + toMin * MIN });
  }

  newest(): Array<RatedHour & { ratingSeq: number }> {
    const max = new Map<string, number>();
    for (const r of this.ratings) max.set(cellKey(r.rentalId, r.hourStartMs), Math.max(max.get(cellKey(r.rentalId, r.hourStartMs)) ?? 0, r.ratingSeq));
    return this.ratings.filter((r) => max.get(cellKey(r.rentalId, r.hourStartMs)) === r.ratingSeq);
  }

  async lastRun() {
    return [...this.runs].sort((a, b) => b.ratingSeq - a.ratingSeq)[0] ?? null;
  }
  begun: number[] = [];
  async lastBegunSeq() {
    return Math.max(0, ...this.begun, ...this.runs.map((r) => r.ratingSeq));
  }
  async beginRun(ratingSeq: number) {
    this.begun.push(ratingSeq);
  }
  async recordRun(run: RatingRun) {
    if (this.failRecordRun) throw new Error('killed before the run was recorded');
    this.runs.push(structuredClone(run));
  }
  async maxStreamSeq(afterSeq: number) {
    return Math.max(afterSeq, ...this.outcomes.map((o) => o.seq));
  }
  async outcomesAfter(seq: number, limit: number) {
    return this.outcomes.filter((o) => o.seq > seq).sort((a, b) => a.seq - b.seq).slice(0, limit);
  }
  async outcomesIn(gaps: readonly SeqGap[], limit: number) {
    return this.outcomes.filter((o) => gaps.some((g) => o.seq >= g.fromSeq && o.seq <= g.toSeq)).slice(0, limit);
  }
  async cellsSince(rentalIds: readonly string[], fromHourMs: number, after: HourKey | null, limit: number) {
    const cells = new Map<string, HourKey>();
    for (const o of this.outcomes) {
      if (!o.accepted || !rentalIds.includes(o.rentalId)) continue;
      for (const h of hoursOverlapping(o)) if (h >= fromHourMs) cells.set(cellKey(o.rentalId, h), { rentalId: o.rentalId, hourStartMs: h });
    }
    return [...cells.values()]
      .sort((a, b) => (a.rentalId < b.rentalId ? -1 : a.rentalId > b.rentalId ? 1 : a.hourStartMs - b.hourStartMs))
      .filter((c) => !after || c.rentalId > after.rentalId || (c.rentalId === after.rentalId && c.hourStartMs > after.hourStartMs))
      .slice(0, limit);
  }
  async coveredPieces(cells: readonly HourKey[]) {
    const out = new Map<string, Span[]>();
    for (const c of cells) {
      const clipped = this.outcomes
        .filter((o) => o.accepted && o.rentalId === c.rentalId)
        .map((o) => ({ startMs: Math.max(o.startMs, c.hourStartMs), endMs: Math.min(o.endMs, c.hourStartMs + MS_PER_HOUR) }))
        .filter((s) => s.startMs < s.endMs)
        .sort((a, b) => a.startMs - b.startMs);
      const union: Span[] = [];
      for (const s of clipped) {
        const last = union[union.length - 1];
        if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
        else union.push({ ...s });
      }
      if (union.length > 0) out.set(cellKey(c.rentalId, c.hourStartMs), union);
    }
    return out;
  }
  async appendRatings(rows: readonly RatedHour[], ratingSeq: number) {
    this.ratings.push(...rows.map((r) => ({ ...r, ratingSeq })));
  }
  async spend(customerIds: readonly string[], period: string) {
    const totals = new Map<string, SpendTotal>();
    for (const r of this.newest()) {
      if (!customerIds.includes(r.customerId) || periodOf(r.hourStartMs) !== period) continue;
      const key = `${r.customerId}|${r.currency}`;
      const t = totals.get(key) ?? { customerId: r.customerId, period, currency: r.currency, amount: new Dec(0n) as Big };
      t.amount = t.amount.plus(r.exactAmount);
      totals.set(key, t);
    }
    return [...totals.values()];
  }
}

class FakeSpendStore implements SpendStore {
  entries = new Map<string, SpendEntry>();
  async write(entries: readonly SpendEntry[]) {
    for (const e of entries) this.entries.set(`${e.customerId}:${e.period}`, e);
  }
  async read(customerId: string, period: string) {
    return this.entries.get(`${customerId}:${period}`) ?? null;
  }
}

class FakeAlerts implements AlertSink {
  sent: CreditAlert[] = [];
  async publishOnce(alerts: readonly CreditAlert[]) {
    const fresh = alerts.filter((a) => !this.sent.some((s) => s.customerId === a.customerId && s.period === a.period && s.threshold === a.threshold));
    this.sent.push(...fresh);
    return fresh;
  }
}

class FakeReference implements ReferenceLookup {
  rentals = new Map<string, Rental>();
  customers = new Map<string, Customer>();
  books: PriceBookVersion[] = [];
  rental(id: string) {
    return this.rentals.get(id);
  }
  customer(id: string) {
    return this.customers.get(id);
  }
  versions(bookId: string) {
    return this.books.filter((v) => v.priceBookId === bookId);
  }
  priceBooks() {
    const m = new Map<string, PriceBookVersion[]>();
    for (const v of this.books) m.set(v.priceBookId, [...(m.get(v.priceBookId) ?? []), v]);
    return m;
  }
  rentalsOnBook(bookId: string) {
    return [...this.rentals.values()].filter((r) => r.priceBookId === bookId).map((r) => r.rentalId).sort();
  }
  customersWithCreditLimit() {
    return [...this.customers.values()].filter((c) => c.creditLimit !== null);
  }
}

const version = (v: number, effectiveFromMs: number, unitPrice: string): PriceBookVersion => ({
  priceBookId: 'pb',
  version: v,
  effectiveFromMs,
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [{ gpuModel: 'H100', pricingClass: 'on_demand', unitPrice, tiers: null, tierMode: null, packageGpuHours: null, minimumCharge: null }],
});

const rental = (rentalId: string, customerId = 'c-1'): Rental => ({
  rentalId,
  customerId,
  operatorId: 'op-1',
  datacenterId: 'dc-1',
  nodeId: 'n-1',
  gpuModel: 'H100',
  gpuCount: 1,
  pricingClass: 'on_demand',
  priceBookId: 'pb',
  startedAtMs: Date.UTC(2026, 9, 1),
  endedAtMs: null,
  commitment: null,
  updatedAtMs: 0,
});

const OPTIONS: RatingJobOptions = { eventsPerTickMax: 1_000, rerateCellsPerTickMax: 1_000, gapTimeoutMs: 600_000, gapsMax: 100, alertMonthsBack: 1 };

function setup(options: Partial<RatingJobOptions> = {}) {
  const repository = new FakeRepository();
  const spend = new FakeSpendStore();
  const alerts = new FakeAlerts();
  const reference = new FakeReference();
  reference.books.push(version(1, Date.UTC(2026, 0, 1), '3.6'));
  reference.rentals.set('r-1', rental('r-1'));
  reference.customers.set('c-1', { customerId: 'c-1', name: 'C', currency: 'USD', country: null, creditLimit: null, updatedAtMs: 0 });
  const clock = { now: H0 + 10 * MS_PER_HOUR, nowMs() { return this.now; } };
  const metrics = { tick() {}, cellsRated() {}, unpriced() {}, progress() {}, gapsExpired() {}, alertPublished() {} };
  const make = () => new RatingJobService(repository, spend, alerts, reference, metrics, clock, { ...OPTIONS, ...options });
  return { repository, spend, alerts, reference, clock, make, sut: make() };
}

const amounts = (repo: FakeRepository) =>
  repo
    .newest()
    .map((r) => [r.rentalId, (r.hourStartMs - H0) / MS_PER_HOUR, r.priceBookVersion, r.exactAmount.toFixed()])
    .sort((a, b) => String(a).localeCompare(String(b)));

describe('RatingJobService', () => {
  it('rates what arrived and is idle when nothing did', async () => {
    const { repository, sut } = setup();
    repository.accept(1, 'r-1', 0, 30);
    // 1 GPU × 0.5 h × 3.6 = 1.8
    expect(await sut.tick()).toMatchObject({ outcome: 'rated', ratingSeq: 1, cells: 1, rows: 1, watermark: 1 });
    expect(amounts(repository)).toEqual([['r-1', 0, 1, '1.8']]);
    expect(await sut.tick()).toMatchObject({ outcome: 'idle', ratingSeq: null });
  });

  it('writes nothing once its lease is lost: a deposed job cannot interleave rating_seqs with the new holder', async () => {
    const { repository, sut } = setup();
    repository.accept(1, 'r-1', 0, 30);
    const deposed = { token: 1, assertHeld: async () => Promise.reject(new Error('lease rating-job (fencing token 1) is no longer held')) };
    await expect(sut.tick(deposed)).rejects.toThrow(/no longer held/);
    expect(repository.ratings).toEqual([]);
  });

  it('is redone whole after dying before the run is recorded, and the retry supersedes the orphaned rows', async () => {
    const { repository, spend, make } = setup();
    repository.accept(1, 'r-1', 0, 30);
    repository.failRecordRun = true;
    await expect(make().tick()).rejects.toThrow(/killed/);
    expect(repository.ratings.map((r) => r.ratingSeq)).toEqual([1]);
    repository.failRecordRun = false;
    repository.accept(2, 'r-1', 30, 60);
    // A new process resumes from the last recorded run (none) and rates under rating_seq 2.
    expect(await make().tick()).toMatchObject({ ratingSeq: 2, watermark: 2 });
    expect(amounts(repository)).toEqual([['r-1', 0, 1, '3.6']]);
    expect(spend.entries.get('c-1:2026-10')).toMatchObject({ amount: '3.6', ratingSeq: 2 });
  });

  it('resumes after a restart at the recorded watermark and does not rate old usage again', async () => {
    const { repository, make } = setup();
    repository.accept(1, 'r-1', 0, 30);
    await make().tick();
    repository.accept(2, 'r-1', 60, 90);
    expect(await make().tick()).toMatchObject({ ratingSeq: 2, cells: 1 });
    expect(repository.ratings.filter((r) => r.ratingSeq === 2).map((r) => (r.hourStartMs - H0) / MS_PER_HOUR)).toEqual([1]);
  });

  it('rates a sequence written after later ones (an event metering held back) once it appears', async () => {
    const { repository, sut } = setup();
    repository.accept(1, 'r-1', 0, 10);
    repository.accept(3, 'r-1', 10, 20);
    expect(await sut.tick()).toMatchObject({ watermark: 3, gaps: 1 });
    repository.accept(2, 'r-1', 20, 30);
    expect(await sut.tick()).toMatchObject({ outcome: 'rated', gaps: 0 });
    // 1 GPU × 0.5 h × 3.6 = 1.8
    expect(amounts(repository)).toEqual([['r-1', 0, 1, '1.8']]);
  });

  it('waits for a rental its reference cache does not know yet instead of stepping over its usage', async () => {
    const { repository, reference, sut } = setup();
    repository.accept(1, 'r-2', 0, 60);
    expect(await sut.tick()).toMatchObject({ cells: 0, gaps: 1 });
    reference.rentals.set('r-2', rental('r-2'));
    expect(await sut.tick()).toMatchObject({ cells: 1, gaps: 0 });
    expect(amounts(repository)).toEqual([['r-2', 0, 1, '3.6']]);
  });

  it('re-rates the hours from a new version on, in bounded slices', async () => {
    const { repository, reference, sut } = setup({ rerateCellsPerTickMax: 2 });
    for (let h = 0; h < 4; h++) repository.accept(h + 1, 'r-1', h * 60, h * 60 + 60);
    await sut.tick();
    expect(await sut.tick()).toMatchObject({ outcome: 'idle' });
    reference.books.push(version(2, H0 + 90 * MIN, '7.2'));
    expect(await sut.tick()).toMatchObject({ rerated: 2 }); // hours 1 and 2
    expect(await sut.tick()).toMatchObject({ rerated: 1 }); // hour 3, and the book is done
    expect(await sut.tick()).toMatchObject({ outcome: 'idle' });
    // hour 1: 0.5 h × 3.6 + 0.5 h × 7.2 = 1.8 + 3.6
    expect(amounts(repository)).toEqual([
      ['r-1', 0, 1, '3.6'],
      ['r-1', 1, 1, '1.8'],
      ['r-1', 1, 2, '3.6'],
      ['r-1', 2, 2, '7.2'],
      ['r-1', 3, 2, '7.2'],
    ]);
  });

  it('checks a newly set credit limit against the current month without waiting for usage, and alerts once', async () => {
    const { repository, reference, alerts, sut } = setup();
    repository.accept(1, 'r-1', 0, 60); // 3.6 in 2026-10, the clock's month
    await sut.tick();
    reference.customers.set('c-1', { ...reference.customers.get('c-1')!, creditLimit: '4' });
    await sut.tick();
    // 3.6 ≥ 80 % of 4 = 3.2
    expect(alerts.sent.map((a) => [a.period, a.threshold, a.spend])).toEqual([['2026-10', 80, '3.6']]);
    repository.accept(2, 'r-1', 60, 120);
    await sut.tick();
    await sut.tick();
    expect(alerts.sent.map((a) => [a.threshold, a.spend])).toEqual([
      [80, '3.6'],
      [100, '7.2'],
    ]);
  });

  it('writes a zero rating for an hour that no longer rates to anything, superseding the old one', async () => {
    const { repository, reference, sut } = setup();
    repository.accept(1, 'r-1', 0, 60);
    await sut.tick();
    reference.rentals.set('r-1', { ...rental('r-1'), endedAtMs: H0 }); // the rental ended before that hour
    repository.accept(2, 'r-1', 10, 20);
    await sut.tick();
    expect(repository.newest().map((r) => [r.priceBookVersion, r.gpuMs, r.exactAmount.toFixed()])).toEqual([[0, 0n, '0']]);
  });

  it('keeps spend for an old month but sends credit alerts only for recent months', async () => {
    const { repository, reference, alerts, spend, clock, sut } = setup({ alertMonthsBack: 1 });
    reference.customers.set('c-1', { ...reference.customers.get('c-1')!, creditLimit: '1' });
    clock.now = Date.UTC(2027, 0, 15); // October 2026 is three months back
    repository.accept(1, 'r-1', 0, 60);
    await sut.tick();
    expect(spend.entries.get('c-1:2026-10')).toMatchObject({ amount: '3.6' });
    expect(alerts.sent).toEqual([]);
  });
});

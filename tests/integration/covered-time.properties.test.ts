import fc from 'fast-check';
import { chDateTime, coveredPiecesSql, insertRows, queryRows } from '@hourglass/clickhouse';
import { cellPiecesSql, cellsSinceSql, sqlCellKey } from '@hourglass/rating-job';
import { clipIntervals, hourlyMs, totalMs, unionIntervals, type Interval } from '@hourglass/simulation';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

/**
 * Covered time is computed in SQL in three places: usage_covered_hourly (migration 003, dashboards),
 * coveredPiecesSql (what the billing run reads) and the rating job's cellPiecesSql. Each must cover
 * exactly the milliseconds of the TypeScript oracle (libs/simulation covered-time-oracle.ts) on random
 * intervals: overlapping, repeated, touching, clipped by the rental's current window, several rentals
 * at once, on and across hour boundaries. The rows go straight into a fresh database as accepted
 * usage outcomes, as metering writes them.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** An hour boundary, far in the past: nothing here depends on today's date. */
const T0 = Date.UTC(2025, 2, 1, 0);
const RUNS = 60;

interface RentalCase {
  gpuCount: number;
  window: { startMs: number; endMs: number | null };
  /** An earlier version of the rental with another window: only the newest one may clip. */
  olderWindow: { startMs: number; endMs: number | null } | null;
  intervals: Interval[];
}

/** Offsets on a coarse grid half of the time, so that intervals touch and repeat exactly. */
const offsetMs = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map((q) => q * 15 * MINUTE),
  fc.integer({ min: 0, max: 300 }).map((m) => m * MINUTE),
  fc.integer({ min: 0, max: 5 * HOUR }),
);
const lengthMs = fc.oneof(
  fc.integer({ min: 1, max: 8 }).map((q) => q * 15 * MINUTE),
  fc.integer({ min: 1, max: 2 * HOUR }),
  fc.integer({ min: 1, max: 1_000 }),
);
const interval: fc.Arbitrary<Interval> = fc.tuple(offsetMs, lengthMs).map(([o, l]) => ({ startMs: T0 + o, endMs: T0 + o + l }));
const window = fc
  .tuple(fc.integer({ min: -2 * HOUR, max: 3 * HOUR }), fc.option(fc.integer({ min: 1, max: 6 * HOUR }), { nil: null }))
  .map(([start, length]) => ({ startMs: T0 + start, endMs: length === null ? null : T0 + start + length }));

const rentalCase: fc.Arbitrary<RentalCase> = fc
  .record({
    gpuCount: fc.integer({ min: 1, max: 8 }),
    window,
    olderWindow: fc.option(window, { nil: null }),
    intervals: fc.array(interval, { maxLength: 16 }),
    repeats: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ repeats, intervals, ...rest }) => ({
    ...rest,
    // Resends: the same interval again, as another event (metering keeps both rows).
    intervals: intervals.length === 0 ? intervals : [...intervals, ...repeats.map((i) => intervals[i % intervals.length]!)],
  }));

/** The billing run reads pieces of usage overlapping its period, up to a usage watermark. */
const period = fc
  .tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .map(([h, n]) => ({ startMs: T0 + h * HOUR, endMs: T0 + (h + n) * HOUR }));

/**
 * coveredPiecesSql as it was until repeats were left to the running max: a hash DISTINCT over the
 * rows first. The live builder must give exactly these pieces, row for row.
 */
function distinctPiecesSql(db: string, where: string): string {
  return `
    SELECT rental_id, greatest(s, prev_end) AS piece_start_ms, e AS piece_end_ms
    FROM (
      SELECT rental_id, s, e,
        max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT DISTINCT rental_id, toUnixTimestamp64Milli(interval_start) AS s, toUnixTimestamp64Milli(interval_end) AS e
        FROM ${db}.usage_outcomes
        WHERE outcome = 'accepted' AND (${where})
      )
    )
    WHERE e > greatest(s, prev_end)`;
}

const overlaps = (i: Interval, w: Interval) => i.endMs > w.startMs && i.startMs < w.endMs;

/** Sorted and disjoint, as every piece list from the SQL must be. */
function expectDisjoint(pieces: Interval[]): void {
  const sorted = [...pieces].sort((a, b) => a.startMs - b.startMs);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startMs).toBeGreaterThanOrEqual(sorted[i - 1]!.endMs);
  for (const p of sorted) expect(p.endMs).toBeGreaterThan(p.startMs);
}

function group<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

describe('covered time in SQL equals the TypeScript oracle (property, real ClickHouse)', () => {
  let t: TestDatabase;
  let caseNo = 0;
  let nextSeq = 1;

  beforeAll(async () => {
    t = await freshDatabase('t_covered');
  });
  afterAll(() => t?.drop());

  /** Writes one case's rentals and usage; returns their ids and the sequence of each interval. */
  async function store(rentals: RentalCase[]): Promise<{ ids: string[]; seqs: number[][] }> {
    caseNo += 1;
    const ids = rentals.map((_, i) => `c${caseNo}-r${i}`);
    const versions = rentals.flatMap((r, i) => {
      const row = (w: RentalCase['window'], updatedAtMs: number) => ({
        rental_id: ids[i],
        customer_id: `c${caseNo}-cust`,
        operator_id: 'op-1',
        datacenter_id: 'dc-1',
        node_id: 'node-1',
        gpu_model: 'H100-SXM-80GB',
        gpu_count: r.gpuCount,
        pricing_class: 'on_demand',
        price_book_id: 'pb-1',
        started_at: chDateTime(w.startMs),
        ended_at: w.endMs === null ? null : chDateTime(w.endMs),
        updated_at: chDateTime(updatedAtMs),
        document: '{}',
        received_at: chDateTime(updatedAtMs),
      });
      return r.olderWindow ? [row(r.olderWindow, T0 - 10 * HOUR), row(r.window, T0 - 5 * HOUR)] : [row(r.window, T0 - 5 * HOUR)];
    });
    await insertRows(t.client, `${t.name}.rental_versions`, versions);
    const seqs: number[][] = [];
    const outcomes = rentals.flatMap((r, i) => {
      seqs.push([]);
      return r.intervals.map((iv) => {
        const seq = nextSeq++;
        seqs[i]!.push(seq);
        return {
          stream_seq: seq,
          outcome: 'accepted',
          rental_id: ids[i],
          customer_id: `c${caseNo}-cust`,
          gpu_count: r.gpuCount,
          interval_start: chDateTime(iv.startMs),
          interval_end: chDateTime(iv.endMs),
          received_at: chDateTime(T0 + 6 * HOUR),
        };
      });
    });
    await insertRows(t.client, `${t.name}.usage_outcomes`, outcomes);
    return { ids, seqs };
  }

  it(
    'usage_covered_hourly: GPU-ms per rental and hour are the union, clipped to the newest rental window, times its GPUs',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(rentalCase, { minLength: 1, maxLength: 3 }), async (rentals) => {
          const { ids } = await store(rentals);
          const rows = await queryRows<{ rental_id: string; hour_ms: string; covered_ms: string; gpu_ms: string }>(
            t.client,
            `SELECT rental_id, toString(toUnixTimestamp64Milli(hour)) AS hour_ms, toString(covered_ms) AS covered_ms, toString(gpu_ms) AS gpu_ms
             FROM ${t.db}.usage_covered_hourly WHERE rental_id IN {ids:Array(String)}`,
            { ids },
          );
          const actual = rows.map((r) => [r.rental_id, Number(r.hour_ms), Number(r.covered_ms), Number(r.gpu_ms)]).sort();
          const expected = rentals
            .flatMap((r, i) =>
              [...hourlyMs(clipIntervals(unionIntervals(r.intervals), r.window))].map(([hour, ms]) => [ids[i]!, hour, ms, ms * r.gpuCount]),
            )
            .sort();
          expect(actual).toEqual(expected);
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );

  it(
    'coveredPiecesSql (the billing run): disjoint pieces that cover the union of the usage overlapping the period, up to the watermark',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(rentalCase, { minLength: 1, maxLength: 3 }), period, fc.double({ min: 0, max: 1, noNaN: true }), async (rentals, p, cut) => {
          const { ids, seqs } = await store(rentals);
          const all = seqs.flat();
          // Some usage arrives after the run pinned its watermark: the run must not see it.
          const watermark = all.length === 0 ? 0 : all[Math.floor(cut * (all.length - 1))]!;
          const filter = [
            'stream_seq <= {watermark:UInt64}',
            "interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')",
            "interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')",
            'rental_id IN {ids:Array(String)}',
          ].join(' AND ');
          const rows = await queryRows<{ rental_id: string; piece_start_ms: string; piece_end_ms: string }>(
            t.client,
            `SELECT rental_id, piece_start_ms, piece_end_ms FROM (${coveredPiecesSql(t.db, filter)}) ORDER BY rental_id, piece_start_ms`,
            { watermark, fromMs: p.startMs, toMs: p.endMs, ids },
          );
          // Without a DISTINCT, repeats still give exactly the pieces the DISTINCT form gave.
          const reference = await queryRows<{ rental_id: string; piece_start_ms: string; piece_end_ms: string }>(
            t.client,
            `SELECT rental_id, piece_start_ms, piece_end_ms FROM (${distinctPiecesSql(t.db, filter)}) ORDER BY rental_id, piece_start_ms`,
            { watermark, fromMs: p.startMs, toMs: p.endMs, ids },
          );
          expect(rows).toEqual(reference);
          const pieces = group(rows, (r) => r.rental_id);
          rentals.forEach((r, i) => {
            const seen = r.intervals.filter((iv, k) => seqs[i]![k]! <= watermark && overlaps(iv, p));
            const mine = (pieces.get(ids[i]!) ?? []).map((row) => ({ startMs: Number(row.piece_start_ms), endMs: Number(row.piece_end_ms) }));
            expectDisjoint(mine);
            expect(unionIntervals(mine)).toEqual(unionIntervals(seen));
            // What the run bills: the period within the rental's window.
            const billed = clipIntervals(clipIntervals(unionIntervals(mine), p), r.window);
            expect(totalMs(billed)).toBe(totalMs(clipIntervals(clipIntervals(unionIntervals(seen), p), r.window)));
          });
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );

  it(
    'cellsSinceSql and cellPiecesSql (the rating job): every touched hour, and in each the union of its usage',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(rentalCase, { minLength: 1, maxLength: 3 }), async (rentals) => {
          const { ids } = await store(rentals);
          const expected = new Map<string, number>();
          rentals.forEach((r, i) => {
            for (const [hour, ms] of hourlyMs(unionIntervals(r.intervals))) expected.set(`${ids[i]}|${hour}`, ms);
          });

          const cells = await queryRows<{ rental_id: string; hour_ms: string }>(t.client, cellsSinceSql(t.db), {
            rentals: ids,
            fromMs: T0 - 24 * HOUR,
            fromHour: 0,
            afterRental: '',
            afterHour: -1,
            limit: 100_000,
          });
          expect(cells.map((c) => `${c.rental_id}|${c.hour_ms}`).sort()).toEqual([...expected.keys()].sort());

          const rows = await queryRows<{ rental_id: string; hour_ms: string; start_ms: string; end_ms: string }>(t.client, cellPiecesSql(t.db), {
            rentals: ids,
            fromMs: T0 - 24 * HOUR,
            toMs: T0 + 24 * HOUR,
            cells: cells.map((c) => sqlCellKey(c.rental_id, Number(c.hour_ms))),
          });
          const actual = new Map<string, number>();
          for (const [key, pieces] of group(rows, (r) => `${r.rental_id}|${r.hour_ms}`)) {
            const spans = pieces.map((p) => ({ startMs: Number(p.start_ms), endMs: Number(p.end_ms) }));
            expectDisjoint(spans);
            const hour = Number(pieces[0]!.hour_ms);
            for (const s of spans) expect([s.startMs >= hour, s.endMs <= hour + HOUR]).toEqual([true, true]);
            actual.set(key, spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0));
          }
          expect(actual).toEqual(expected);
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );
});

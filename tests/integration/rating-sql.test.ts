import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import { cellPiecesSql, cellsSinceSql, outcomesAfterSql, outcomesInGapsSql, spendSql, sqlCellKey } from '@hourglass/rating-job';
import { freshDatabase, type TestDatabase } from '../support/chdb-database';

/**
 * The rating job's SQL builders, run against a real ClickHouse on a dataset small enough to check by
 * hand. Their text is checked in libs/rating-job/src/adapters/rating.sql.spec.ts; covered time on
 * random input in covered-time.properties.test.ts.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
const H10 = Date.UTC(2025, 5, 3, 10); // 2025-06-03 10:00 UTC

interface OutcomeRow {
  seq: string;
  accepted: number | boolean;
  rental_id: string;
  start_ms: string;
  end_ms: string;
}

describe('rating SQL builders against ClickHouse', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await freshDatabase('t_rating_sql');
    const outcome = (seq: number, rentalId: string, fromMs: number, toMs: number, outcome = 'accepted') => ({
      stream_seq: seq,
      outcome,
      rental_id: rentalId,
      interval_start: chDateTime(fromMs),
      interval_end: chDateTime(toMs),
      received_at: chDateTime(H10 + 3 * HOUR),
    });
    await insertRows(t.client, `${t.name}.usage_outcomes`, [
      outcome(1, 'r-a', H10, H10 + 30 * MINUTE), // 10:00–10:30
      outcome(2, 'r-a', H10 + 20 * MINUTE, H10 + 70 * MINUTE), // 10:20–11:10, overlaps seq 1 and crosses 11:00
      outcome(3, 'r-a', H10, H10 + 30 * MINUTE, 'duplicate'),
      outcome(5, 'r-b', H10 + 90 * MINUTE, H10 + 120 * MINUTE), // 11:30–12:00, ends on the hour
      outcome(6, 'r-a', H10, H10 + 30 * MINUTE), // a resend under another id: the same interval again
      // seq 4 has no row yet: metering held it back for its rental.
    ]);
    const rated = (rentalId: string, customerId: string, hourMs: number, ratingSeq: number, amount: string) => ({
      rental_id: rentalId,
      customer_id: customerId,
      operator_id: 'op-1',
      hour: chDateTime(hourMs),
      price_book_id: 'pb-1',
      price_book_version: 1,
      currency: 'USD',
      gpu_ms: 0,
      unit_price: '2.5',
      exact_amount: amount,
      operator_share: '0',
      platform_fee: '0',
      rating_seq: ratingSeq,
      rated_at: chDateTime(hourMs + HOUR),
    });
    await insertRows(t.client, `${t.name}.rated_usage_versions`, [
      rated('r-a', 'c-1', H10, 1, '1.25'),
      rated('r-a', 'c-1', H10, 2, '1.50'), // re-rated: only the newest rating of the hour counts
      rated('r-a', 'c-1', H10 + HOUR, 1, '0.40'),
      rated('r-b', 'c-2', H10 + HOUR, 1, '9.00'),
      rated('r-a', 'c-1', Date.UTC(2025, 6, 1), 1, '100.00'), // July: outside June
    ]);
  });
  afterAll(() => t?.drop());

  it('outcomesAfterSql reads every outcome after the watermark, in sequence order, up to the limit', async () => {
    const rows = await queryRows<OutcomeRow>(t.client, outcomesAfterSql(t.db), { after: 1, limit: 3 });
    expect(rows.map((r) => [Number(r.seq), Boolean(Number(r.accepted)), r.rental_id])).toEqual([
      [2, true, 'r-a'],
      [3, false, 'r-a'],
      [5, true, 'r-b'],
    ]);
    expect([Number(rows[0]!.start_ms), Number(rows[0]!.end_ms)]).toEqual([H10 + 20 * MINUTE, H10 + 70 * MINUTE]);
  });

  it('outcomesInGapsSql reads only sequences inside the gaps', async () => {
    const rows = await queryRows<OutcomeRow>(t.client, outcomesInGapsSql(t.db), { lo: 2, hi: 6, froms: [2, 4], tos: [2, 5], limit: 100 });
    expect(rows.map((r) => Number(r.seq))).toEqual([2, 5]); // 3 and 6 lie between the gaps; 4 has no row
  });

  it('cellsSinceSql lists the hours accepted usage touches, after the cursor', async () => {
    const all = await queryRows<{ rental_id: string; hour_ms: string }>(t.client, cellsSinceSql(t.db), {
      rentals: ['r-a', 'r-b'],
      fromMs: H10 - HOUR,
      fromHour: 0,
      afterRental: '',
      afterHour: -1,
      limit: 100,
    });
    expect(all.map((c) => [c.rental_id, Number(c.hour_ms)])).toEqual([
      ['r-a', H10],
      ['r-a', H10 + HOUR],
      ['r-b', H10 + HOUR], // 11:30–12:00 touches only 11:00
    ]);
    const after = await queryRows<{ rental_id: string; hour_ms: string }>(t.client, cellsSinceSql(t.db), {
      rentals: ['r-a', 'r-b'],
      fromMs: H10 - HOUR,
      fromHour: 0,
      afterRental: 'r-a',
      afterHour: H10 / HOUR,
      limit: 1,
    });
    expect(after.map((c) => [c.rental_id, Number(c.hour_ms)])).toEqual([['r-a', H10 + HOUR]]);
  });

  it('cellPiecesSql gives disjoint pieces of each requested cell: overlaps and resends once', async () => {
    const rows = await queryRows<{ rental_id: string; hour_ms: string; start_ms: string; end_ms: string }>(t.client, cellPiecesSql(t.db), {
      rentals: ['r-a'],
      fromMs: H10,
      toMs: H10 + 2 * HOUR,
      cells: [sqlCellKey('r-a', H10), sqlCellKey('r-a', H10 + HOUR)],
    });
    const pieces = rows
      .map((r) => [Number(r.hour_ms), (Number(r.start_ms) - H10) / MINUTE, (Number(r.end_ms) - H10) / MINUTE])
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    // 10:00: [0, 30) then [30, 60) of seq 2's [20, 60); 11:00: [60, 70). 60 + 10 minutes in all.
    expect(pieces).toEqual([
      [H10, 0, 30],
      [H10, 30, 60],
      [H10 + HOUR, 60, 70],
    ]);
  });

  it("spendSql sums each customer's newest rating of every hour of the month", async () => {
    const rows = await queryRows<{ customer_id: string; currency: string; amount: string }>(t.client, spendSql(t.db), {
      customers: ['c-1', 'c-2'],
      fromMs: Date.UTC(2025, 5, 1),
      toMs: Date.UTC(2025, 6, 1),
    });
    const spend = Object.fromEntries(rows.map((r) => [`${r.customer_id} ${r.currency}`, r.amount]));
    // c-1: 1.50 (10:00, rating 2 replaces 1.25) + 0.40 (11:00) = 1.90; July's 100.00 is another month.
    expect(spend).toEqual({ 'c-1 USD': '1.9', 'c-2 USD': '9' });
  });
});

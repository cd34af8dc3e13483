import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import { cellKey, type HourKey, type RatedHour, type SeqGap } from '../domain';
import type { OutcomeRef, RatingRepository, RatingRun, SpendTotal } from '../ports';
import { outcomeFromRow, ratedHourToRow, runFromRow, runToRow, startedRow, type OutcomeRow, type RunRow } from './mapping';
import { cellPiecesSql, cellsSinceSql, outcomesAfterSql, outcomesInGapsSql, spendSql, sqlCellKey } from './rating.sql';
import { MS_PER_HOUR, type Span } from '@hourglass/time';

/** Cells per covered-time query: bounds the size of the IN list and of one answer. */
const CELLS_PER_QUERY = 2_000;
/** Rows per insert; each block gets its own dedup token. */
const ROWS_PER_INSERT = 50_000;

/** Adapter only: queries and mapping; what to rate and how is decided by the service and the domain. */
export class ClickHouseRatingRepository implements RatingRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database.replace(/`/g, '') + '`';
  }

  async lastRun(): Promise<RatingRun | null> {
    const [row] = await queryRows<RunRow>(
      this.client,
      `SELECT rating_seq, usage_watermark, gaps, price_books, cells, rows, started_at
       FROM ${this.db}.rating_runs WHERE status = 'completed' ORDER BY rating_seq DESC LIMIT 1`,
    );
    return row ? runFromRow(row) : null;
  }

  async lastBegunSeq(): Promise<number> {
    const [row] = await queryRows<{ seq: string }>(this.client, `SELECT max(rating_seq) AS seq FROM ${this.db}.rating_runs`);
    return Number(row?.seq ?? 0);
  }

  async beginRun(ratingSeq: number, startedAtMs: number): Promise<void> {
    await insertRows(this.client, `${this.database}.rating_runs`, [startedRow(ratingSeq, startedAtMs)], `rating-run:${ratingSeq}:started`);
  }

  async recordRun(run: RatingRun, recordedAtMs: number): Promise<void> {
    await insertRows(this.client, `${this.database}.rating_runs`, [runToRow(run, recordedAtMs)], `rating-run:${run.ratingSeq}:completed`);
  }

  async maxStreamSeq(afterSeq: number): Promise<number> {
    // Bounded below by the watermark, so usage_outcomes' stream_seq index skips what was read.
    const [row] = await queryRows<{ seq: string }>(
      this.client,
      `SELECT max(stream_seq) AS seq FROM ${this.db}.usage_outcomes WHERE stream_seq > {after:UInt64}`,
      { after: afterSeq },
    );
    return Math.max(afterSeq, Number(row?.seq ?? 0));
  }

  async outcomesAfter(seq: number, limit: number): Promise<OutcomeRef[]> {
    const rows = await queryRows<OutcomeRow>(this.client, outcomesAfterSql(this.db), { after: seq, limit });
    return rows.map(outcomeFromRow);
  }

  async outcomesIn(gaps: readonly SeqGap[], limit: number): Promise<OutcomeRef[]> {
    if (gaps.length === 0) return [];
    const rows = await queryRows<OutcomeRow>(this.client, outcomesInGapsSql(this.db), {
      lo: Math.min(...gaps.map((g) => g.fromSeq)),
      hi: Math.max(...gaps.map((g) => g.toSeq)),
      froms: gaps.map((g) => g.fromSeq),
      tos: gaps.map((g) => g.toSeq),
      limit,
    });
    return rows.map(outcomeFromRow);
  }

  async cellsSince(rentalIds: readonly string[], fromHourMs: number, after: HourKey | null, limit: number): Promise<HourKey[]> {
    if (rentalIds.length === 0 || limit <= 0) return [];
    const rows = await queryRows<{ rental_id: string; hour_ms: string }>(this.client, cellsSinceSql(this.db), {
      rentals: rentalIds,
      fromMs: fromHourMs,
      fromHour: Math.max(0, fromHourMs / MS_PER_HOUR),
      afterRental: after?.rentalId ?? '',
      afterHour: after ? after.hourStartMs / MS_PER_HOUR : -1,
      limit,
    });
    return rows.map((r) => ({ rentalId: r.rental_id, hourStartMs: Number(r.hour_ms) }));
  }

  async coveredPieces(cells: readonly HourKey[]): Promise<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    for (let i = 0; i < cells.length; i += CELLS_PER_QUERY) {
      const chunk = cells.slice(i, i + CELLS_PER_QUERY);
      const hours = chunk.map((c) => c.hourStartMs);
      const rows = await queryRows<{ rental_id: string; hour_ms: string; start_ms: string; end_ms: string }>(this.client, cellPiecesSql(this.db), {
        rentals: [...new Set(chunk.map((c) => c.rentalId))],
        fromMs: Math.min(...hours),
        toMs: Math.max(...hours) + MS_PER_HOUR,
        cells: chunk.map((c) => sqlCellKey(c.rentalId, c.hourStartMs)),
      });
      for (const r of rows) {
        const key = cellKey(r.rental_id, Number(r.hour_ms));
        const list = out.get(key) ?? [];
        list.push({ startMs: Number(r.start_ms), endMs: Number(r.end_ms) });
        out.set(key, list);
      }
    }
    return out;
  }

  async appendRatings(rows: readonly RatedHour[], ratingSeq: number, ratedAtMs: number): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const block = rows.slice(i, i + ROWS_PER_INSERT).map((r) => ratedHourToRow(r, ratingSeq, ratedAtMs));
      // Blocks are in (rental, hour) order, so a retried insert of this rating is the same block and a no-op.
      await insertRows(this.client, `${this.database}.rated_usage_versions`, block, `rated-usage:${ratingSeq}:${i / ROWS_PER_INSERT}`);
    }
  }

  async spend(customerIds: readonly string[], period: string): Promise<SpendTotal[]> {
    if (customerIds.length === 0) return [];
    const [year, month] = period.split('-').map(Number) as [number, number];
    const rows = await queryRows<{ customer_id: string; currency: string; amount: string }>(this.client, spendSql(this.db), {
      customers: customerIds,
      fromMs: Date.UTC(year, month - 1, 1),
      toMs: Date.UTC(year, month, 1),
    });
    return rows.map((r) => ({ customerId: r.customer_id, period, currency: r.currency, amount: dec(r.amount) }));
  }
}

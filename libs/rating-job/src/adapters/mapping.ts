import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import type { BookMarks, RatedHour, SeqGap } from '../domain';
import type { OutcomeRef, RatingRun } from '../ports';

export interface OutcomeRow {
  seq: string;
  accepted: number | boolean;
  rental_id: string;
  start_ms: string;
  end_ms: string;
}

export function outcomeFromRow(r: OutcomeRow): OutcomeRef {
  return { seq: Number(r.seq), accepted: Boolean(Number(r.accepted)), rentalId: r.rental_id, startMs: Number(r.start_ms), endMs: Number(r.end_ms) };
}

export function ratedHourToRow(r: RatedHour, ratingSeq: number, ratedAtMs: number): Record<string, unknown> {
  return {
    rental_id: r.rentalId,
    customer_id: r.customerId,
    operator_id: r.operatorId,
    hour: chDateTime(r.hourStartMs),
    price_book_id: r.priceBookId,
    price_book_version: r.priceBookVersion,
    currency: r.currency,
    gpu_ms: r.gpuMs.toString(),
    unit_price: r.unitPrice,
    exact_amount: r.exactAmount.toFixed(),
    operator_share: r.operatorShare.toFixed(),
    platform_fee: r.platformFee.toFixed(),
    rating_seq: ratingSeq,
    rated_at: chDateTime(ratedAtMs),
  };
}

export interface RunRow {
  rating_seq: string;
  usage_watermark: string;
  gaps: string;
  price_books: string;
  cells: number;
  rows: number;
  started_at: string;
}

/** Gaps are stored as [fromSeq, toSeq, firstSeenMs] triples: compact, and the job's own format. */
export function runToRow(run: RatingRun, recordedAtMs: number): Record<string, unknown> {
  return {
    rating_seq: run.ratingSeq,
    status: 'completed',
    usage_watermark: run.scan.watermark,
    gaps: JSON.stringify(run.scan.gaps.map((g) => [g.fromSeq, g.toSeq, g.firstSeenMs])),
    price_books: JSON.stringify(run.books),
    cells: run.cells,
    rows: run.rows,
    started_at: chDateTime(run.startedAtMs),
    recorded_at: chDateTime(recordedAtMs),
  };
}

/** The marker that takes a rating_seq; it carries no state and is never resumed from. */
export function startedRow(ratingSeq: number, startedAtMs: number): Record<string, unknown> {
  return {
    rating_seq: ratingSeq,
    status: 'started',
    usage_watermark: 0,
    gaps: '[]',
    price_books: '{}',
    cells: 0,
    rows: 0,
    started_at: chDateTime(startedAtMs),
    recorded_at: chDateTime(startedAtMs),
  };
}

export function runFromRow(row: RunRow): RatingRun {
  const gaps = (JSON.parse(row.gaps) as Array<[number, number, number]>).map(
    ([fromSeq, toSeq, firstSeenMs]): SeqGap => ({ fromSeq, toSeq, firstSeenMs }),
  );
  return {
    ratingSeq: Number(row.rating_seq),
    scan: { watermark: Number(row.usage_watermark), gaps },
    books: JSON.parse(row.price_books) as BookMarks,
    cells: Number(row.cells),
    rows: Number(row.rows),
    startedAtMs: parseChDateTime(row.started_at),
  };
}

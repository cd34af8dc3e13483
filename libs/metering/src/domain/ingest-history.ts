/** `GET /v1/status/history`: ingest outcomes per time bucket, by receipt time (pure parts). */
export const HISTORY_BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type HistoryBucket = keyof typeof HISTORY_BUCKETS;
/** A history is drawn, not paged: past this many buckets, ask for a longer bucket. */
export const HISTORY_BUCKETS_MAX = 2_000;

export interface HistoryQuery {
  fromMs: number;
  toMs: number;
  bucket: HistoryBucket;
}

export interface HistoryPoint {
  start: string;
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export type HistoryQueryResult = { ok: true; query: HistoryQuery } | { ok: false; message: string };

/** Defaults: the last 24 hours before `nowMs`, by hour. */
export function parseHistoryQuery(params: { from?: string; to?: string; bucket?: string }, nowMs: number): HistoryQueryResult {
  const bucket = (params.bucket ?? 'hour') as HistoryBucket;
  if (!(bucket in HISTORY_BUCKETS)) return { ok: false, message: `bucket must be one of ${Object.keys(HISTORY_BUCKETS).join(', ')}, not ${JSON.stringify(params.bucket)}` };
  const size = HISTORY_BUCKETS[bucket];
  const toMs = params.to === undefined ? Math.ceil(nowMs / size) * size : Date.parse(params.to);
  const fromMs = params.from === undefined ? toMs - 24 * 3_600_000 : Date.parse(params.from);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return { ok: false, message: 'from and to must be ISO 8601 instants with an offset' };
  if (toMs <= fromMs) return { ok: false, message: 'to must be after from' };
  const buckets = Math.ceil((toMs - fromMs) / size);
  if (buckets > HISTORY_BUCKETS_MAX) return { ok: false, message: `${buckets} ${bucket} buckets asked, at most ${HISTORY_BUCKETS_MAX}: use a longer bucket or a shorter span` };
  return { ok: true, query: { fromMs, toMs, bucket } };
}

/** Rows of (bucket start, outcome, reason, count) into one point per bucket that has any. */
export function toHistory(rows: Array<{ startMs: number; outcome: string; reason: string; count: number }>): HistoryPoint[] {
  const points = new Map<number, HistoryPoint>();
  for (const r of rows) {
    const p = points.get(r.startMs) ?? { start: new Date(r.startMs).toISOString(), accepted: 0, duplicate: 0, rejected: 0, rejectedByReason: {} };
    if (r.outcome === 'accepted') p.accepted += r.count;
    else if (r.outcome === 'duplicate') p.duplicate += r.count;
    else if (r.outcome === 'rejected') {
      p.rejected += r.count;
      p.rejectedByReason[r.reason] = (p.rejectedByReason[r.reason] ?? 0) + r.count;
    }
    points.set(r.startMs, p);
  }
  return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

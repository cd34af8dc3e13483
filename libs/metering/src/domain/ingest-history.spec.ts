import { parseHistoryQuery, toHistory } from './ingest-history';

describe('ingest history', () => {
  const now = Date.parse('2026-11-15T09:20:00Z');

  it('defaults to the last 24 hours by hour, and bounds the number of buckets', () => {
    expect(parseHistoryQuery({}, now)).toEqual({ ok: true, query: { fromMs: Date.parse('2026-11-14T10:00:00Z'), toMs: Date.parse('2026-11-15T10:00:00Z'), bucket: 'hour' } });
    expect(parseHistoryQuery({ bucket: 'week' }, now)).toMatchObject({ ok: false });
    expect(parseHistoryQuery({ from: '2026-11-15T00:00:00Z', to: '2026-11-14T00:00:00Z' }, now)).toMatchObject({ ok: false });
    expect(parseHistoryQuery({ from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z', bucket: 'minute' }, now)).toMatchObject({ ok: false, message: expect.stringContaining('longer bucket') });
    expect(parseHistoryQuery({ from: 'yesterday' }, now)).toMatchObject({ ok: false });
  });

  it('folds outcome rows into one point per bucket, rejections by reason', () => {
    const t = Date.parse('2026-11-15T08:00:00Z');
    expect(
      toHistory([
        { startMs: t + 3_600_000, outcome: 'accepted', reason: '', count: 5 },
        { startMs: t, outcome: 'accepted', reason: '', count: 10 },
        { startMs: t, outcome: 'rejected', reason: 'malformed_json', count: 2 },
        { startMs: t, outcome: 'rejected', reason: 'unknown_rental', count: 1 },
        { startMs: t, outcome: 'duplicate', reason: '', count: 3 },
      ]),
    ).toEqual([
      { start: '2026-11-15T08:00:00.000Z', accepted: 10, duplicate: 3, rejected: 3, rejectedByReason: { malformed_json: 2, unknown_rental: 1 } },
      { start: '2026-11-15T09:00:00.000Z', accepted: 5, duplicate: 0, rejected: 0, rejectedByReason: {} },
    ]);
  });
});

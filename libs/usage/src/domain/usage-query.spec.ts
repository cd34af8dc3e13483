import { checkBounds, decodeCursor, encodeCursor, formatInstant, parseUsageQuery, queryFingerprint, UsageQueryError } from './index';

const base = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

describe('parseUsageQuery', () => {
  it('defaults to day windows in UTC, no groups, 1000 rows', () => {
    expect(parseUsageQuery(base)).toEqual({
      fromMs: Date.parse(base.from),
      toMs: Date.parse(base.to),
      window: 'day',
      tz: 'UTC',
      groupBy: [],
      filters: {},
      limit: 1000,
      cursor: null,
    });
  });

  it('reads group keys, filters and a zone', () => {
    const q = parseUsageQuery({ ...base, window: 'hour', tz: 'Asia/Kolkata', groupBy: 'customer, gpuModel', customer: 'c-9', limit: '50' });
    expect([q.window, q.tz, q.groupBy, q.filters, q.limit]).toEqual(['hour', 'Asia/Kolkata', ['customer', 'gpuModel'], { customer: 'c-9' }, 50]);
  });

  it.each([
    [{ to: base.to }, /from is required/],
    [{ ...base, to: base.from }, /to must be after from/],
    [{ ...base, from: '2026-11-01' }, /not an ISO instant/],
    [{ ...base, window: 'week' }, /window=week/],
    [{ ...base, tz: 'Mars/Olympus' }, /not an IANA time zone/],
    [{ ...base, groupBy: 'customer,customer' }, /listed twice/],
    [{ ...base, groupBy: 'planet' }, /groupBy planet/],
    [{ ...base, limit: '0' }, /limit must be/],
    [{ ...base, customer: '' }, /customer must be/],
  ])('refuses %j', (params, message) => {
    expect(() => parseUsageQuery(params)).toThrow(message);
  });

  it('collects every problem at once', () => {
    try {
      parseUsageQuery({ window: 'week', tz: 'Nowhere' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as UsageQueryError).errors).toHaveLength(4);
    }
  });
});

describe('checkBounds', () => {
  const q = (over: object) => ({ fromMs: Date.parse(base.from), toMs: Date.parse(base.to), window: 'day' as const, groupBy: [], filters: {}, ...over });
  it('accepts a month of days by rental and GPU model', () => {
    expect(() => checkBounds(q({ groupBy: ['rental', 'gpuModel'] }))).not.toThrow();
  });
  it('refuses more than a year of usage', () => {
    expect(() => checkBounds(q({ fromMs: Date.parse('2025-01-01T00:00:00Z'), window: 'month' }))).toThrow(/split it/);
  });
  it('refuses too many windows × groups, and a filter on a key lifts its weight', () => {
    const big = q({ fromMs: Date.parse('2026-01-01T00:00:00Z'), window: 'hour', groupBy: ['rental', 'customer'] });
    expect(() => checkBounds(big)).toThrow(/filter such as customer/);
    expect(() => checkBounds({ ...big, filters: { customer: 'c-9' } })).not.toThrow();
  });
});

describe('cursor', () => {
  const query = { ...parseUsageQuery({ ...base, groupBy: 'rental' }), after: null };
  const fingerprint = queryFingerprint(query);
  it('round-trips the last row key', () => {
    const key = { windowStartMs: 1_700_000_000_000, groups: ['r-1'], currency: 'USD' };
    expect(decodeCursor(encodeCursor(fingerprint, key), fingerprint, 1)).toEqual(key);
  });
  it('refuses a cursor of another query and garbage', () => {
    const other = queryFingerprint({ ...query, window: 'hour' });
    const cursor = encodeCursor(fingerprint, { windowStartMs: 0, groups: ['r'], currency: '' });
    expect(() => decodeCursor(cursor, other, 1)).toThrow(/another query/);
    expect(() => decodeCursor('not-a-cursor', fingerprint, 1)).toThrow(/pass nextCursor unchanged/);
  });
});

describe('formatInstant', () => {
  it.each([
    [Date.parse('2026-06-09T22:00:00Z'), 'Europe/Berlin', '2026-06-10T00:00:00.000+02:00'],
    [Date.parse('2026-12-09T23:00:00Z'), 'Europe/Berlin', '2026-12-10T00:00:00.000+01:00'],
    [Date.parse('2026-06-10T18:30:00Z'), 'Asia/Kolkata', '2026-06-11T00:00:00.000+05:30'],
    [Date.parse('2026-06-10T18:15:00Z'), 'Asia/Kathmandu', '2026-06-11T00:00:00.000+05:45'],
    [Date.parse('2026-06-10T04:00:00.250Z'), 'America/New_York', '2026-06-10T00:00:00.250-04:00'],
    [Date.parse('2026-06-10T00:00:00Z'), 'UTC', '2026-06-10T00:00:00.000Z'],
  ])('%s in %s is %s', (ms, tz, text) => {
    expect(formatInstant(ms, tz)).toBe(text);
    expect(Date.parse(text)).toBe(ms);
  });
});

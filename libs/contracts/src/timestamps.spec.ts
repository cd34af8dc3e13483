import fc from 'fast-check';
import { formatUtc, parseRfc3339Ms } from './timestamps';

const NOON = Date.UTC(2026, 10, 26, 12, 0, 0, 0);

describe('parseRfc3339Ms', () => {
  it.each([
    ['2026-11-26T12:00:00Z', NOON],
    ['2026-11-26T12:00:00.000Z', NOON],
    ['2026-11-26T12:00:00.1Z', NOON + 100],
    ['2026-11-26T12:00:00.12Z', NOON + 120],
    ['2026-11-26T12:00:00.123Z', NOON + 123],
    ['2026-11-26T13:00:00+01:00', NOON],
    ['2026-11-26T06:30:00.000-05:30', NOON],
    ['2026-11-26T12:00:00-00:00', NOON],
    ['2026-11-26t12:00:00z', NOON],
    ['2026-11-27T11:59:00+23:59', NOON],
    ['2026-11-26T00:00:00+14:00', Date.UTC(2026, 10, 25, 10)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999Z', -1],
    ['9999-12-31T23:59:59.999Z', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
  ])('reads %s', (text, expectedMs) => {
    expect(parseRfc3339Ms(text)).toBe(expectedMs);
  });

  it.each([
    ['an empty string', ''],
    ['a date without time', '2026-11-26'],
    ['a time without offset', '2026-11-26T12:00:00'],
    ['a time without seconds', '2026-11-26T12:00Z'],
    ['microseconds', '2026-11-26T12:00:00.000001Z'],
    ['four fraction digits', '2026-11-26T12:00:00.1234Z'],
    ['a dot without digits', '2026-11-26T12:00:00.Z'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 in a common year', '2025-02-29T00:00:00Z'],
    ['February 29 in a century that is not a leap year', '2100-02-29T00:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 00', '2026-00-10T00:00:00Z'],
    ['day 00', '2026-11-00T00:00:00Z'],
    ['hour 24', '2026-11-26T24:00:00Z'],
    ['minute 60', '2026-11-26T12:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2026-11-26T12:00:00+24:00'],
    ['offset minute 60', '2026-11-26T12:00:00+01:60'],
    ['an offset without colon', '2026-11-26T12:00:00+0100'],
    ['an offset without minutes', '2026-11-26T12:00:00+01'],
    ['a space for T', '2026-11-26 12:00:00Z'],
    ['a leading space', ' 2026-11-26T12:00:00Z'],
    ['a trailing space', '2026-11-26T12:00:00Z '],
    ['two zones', '2026-11-26T12:00:00Z+01:00'],
    ['slashes', '2026/11/26T12:00:00Z'],
    ['a two-digit year', '26-11-26T12:00:00Z'],
    ['a five-digit year', '+02026-11-26T12:00:00Z'],
    ['a sign in a field', '2026-1+-26T12:00:00Z'],
    ['non-ASCII digits', '２026-11-26T12:00:00Z'],
    ['epoch digits', '1732622400000'],
  ])('refuses %s', (_name, text) => {
    expect(parseRfc3339Ms(text)).toBeNull();
  });

  const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
  const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  const epochMs = fc.integer({ min: MIN_MS, max: MAX_MS });

  it('reads back what formatUtc writes', () => {
    fc.assert(fc.property(epochMs, (ms) => parseRfc3339Ms(formatUtc(ms)) === ms));
  });

  it('gives the same instant whatever the offset it is written in', () => {
    const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), offsetMinutes, (ms, offset) => {
        const local = formatUtc(ms + offset * 60_000).slice(0, -1);
        const sign = offset < 0 ? '-' : '+';
        const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
        const mm = String(Math.abs(offset) % 60).padStart(2, '0');
        return parseRfc3339Ms(`${local}${sign}${hh}:${mm}`) === ms;
      }),
    );
  });

  it('agrees with Date.parse on real dates and refuses the days a month lacks', () => {
    const fields = fc.record({
      year: fc.integer({ min: 1000, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.constantFrom('', '.5', '.25', '.125'),
    });
    fc.assert(
      fc.property(fields, ({ year, month, day, hour, minute, second, fraction }) => {
        const two = (n: number) => String(n).padStart(2, '0');
        const text = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${fraction}Z`;
        const isRealDay = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
        const ms = parseRfc3339Ms(text);
        return isRealDay ? ms === Date.parse(text) : ms === null;
      }),
    );
  });
});

describe('formatUtc', () => {
  it.each([
    [NOON, '2026-11-26T12:00:00.000Z'],
    [NOON + 7, '2026-11-26T12:00:00.007Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.999Z'],
  ])('writes %d as %s', (ms, text) => {
    expect(formatUtc(ms)).toBe(text);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %p, which is no epoch millisecond', (ms) => {
    expect(() => formatUtc(ms)).toThrow(RangeError);
  });
});

import { periodDue } from './period-due';

describe('periodDue', () => {
  const hour = 3_600_000;
  it.each([
    ['2026-12-01T05:59:59.999Z', 6 * hour, null],
    ['2026-12-01T06:00:00.000Z', 6 * hour, '2026-11'],
    ['2026-12-31T23:00:00.000Z', 6 * hour, '2026-11'],
    ['2027-01-01T00:00:00.000Z', 0, '2026-12'],
  ])('at %s with a delay of %d ms closes %s', (at, delayMs, expected) => {
    expect(periodDue(Date.parse(at), delayMs)).toBe(expected);
  });
});

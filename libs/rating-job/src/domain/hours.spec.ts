import { distinctCells, HOUR_MS, hoursOverlapping, monthOfHour } from './hours';

const T = Date.UTC(2026, 9, 31, 23);

describe('hours', () => {
  it('lists the hours an interval touches, half-open', () => {
    expect(hoursOverlapping({ startMs: T - 1, endMs: T + HOUR_MS })).toEqual([T - HOUR_MS, T]);
    expect(hoursOverlapping({ startMs: T, endMs: T + 1 })).toEqual([T]);
    expect(hoursOverlapping({ startMs: T, endMs: T })).toEqual([]);
  });

  it('puts the last hour of a month in that month', () => {
    expect(monthOfHour(T)).toBe('2026-10');
    expect(monthOfHour(T + HOUR_MS)).toBe('2026-11');
  });

  it('orders distinct cells by rental then hour', () => {
    expect(distinctCells([{ rentalId: 'b', hourStartMs: 0 }, { rentalId: 'a', hourStartMs: HOUR_MS }, { rentalId: 'a', hourStartMs: 0 }, { rentalId: 'b', hourStartMs: 0 }])).toEqual([
      { rentalId: 'a', hourStartMs: 0 },
      { rentalId: 'a', hourStartMs: HOUR_MS },
      { rentalId: 'b', hourStartMs: 0 },
    ]);
  });
});

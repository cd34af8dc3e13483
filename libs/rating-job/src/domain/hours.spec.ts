import { distinctCells } from './hours';
import { hoursOverlapping, MS_PER_HOUR, periodOf } from '@hourglass/time';

const T = Date.UTC(2026, 9, 31, 23);

describe('hours', () => {
  it('lists the hours an interval touches, half-open', () => {
    expect(hoursOverlapping({ startMs: T - 1, endMs: T + MS_PER_HOUR })).toEqual([T - MS_PER_HOUR, T]);
    expect(hoursOverlapping({ startMs: T, endMs: T + 1 })).toEqual([T]);
    expect(hoursOverlapping({ startMs: T, endMs: T })).toEqual([]);
  });

  it('puts the last hour of a month in that month', () => {
    expect(periodOf(T)).toBe('2026-10');
    expect(periodOf(T + MS_PER_HOUR)).toBe('2026-11');
  });

  it('orders distinct cells by rental then hour', () => {
    expect(distinctCells([{ rentalId: 'b', hourStartMs: 0 }, { rentalId: 'a', hourStartMs: MS_PER_HOUR }, { rentalId: 'a', hourStartMs: 0 }, { rentalId: 'b', hourStartMs: 0 }])).toEqual([
      { rentalId: 'a', hourStartMs: 0 },
      { rentalId: 'a', hourStartMs: MS_PER_HOUR },
      { rentalId: 'b', hourStartMs: 0 },
    ]);
  });
});

import { clipIntervals, gpuMs, hourlyMs, totalMs, unionIntervals, type Interval } from './covered-time-oracle';
import { MS_PER_HOUR as HOUR, MS_PER_MINUTE as MINUTE } from '@hourglass/time';

const iv = (startMs: number, endMs: number): Interval => ({ startMs, endMs });
const T0 = Date.UTC(2026, 10, 26, 11); // an hour boundary

describe('unionIntervals', () => {
  it.each<[string, Interval[], Interval[]]>([
    ['nothing', [], []],
    ['drops empty intervals', [iv(5, 5), iv(7, 9)], [iv(7, 9)]],
    ['merges overlapping intervals', [iv(0, 10), iv(5, 15)], [iv(0, 15)]],
    ['merges touching intervals, which share no millisecond', [iv(0, 10), iv(10, 20)], [iv(0, 20)]],
    ['keeps a 1 ms gap', [iv(0, 10), iv(11, 20)], [iv(0, 10), iv(11, 20)]],
    ['sorts', [iv(30, 40), iv(0, 10)], [iv(0, 10), iv(30, 40)]],
    ['swallows contained intervals', [iv(0, 100), iv(10, 20), iv(50, 60)], [iv(0, 100)]],
    ['counts a resent interval once', [iv(0, MINUTE), iv(0, MINUTE), iv(0, MINUTE)], [iv(0, MINUTE)]],
    ['bridges with a later interval', [iv(0, 10), iv(20, 30), iv(5, 25)], [iv(0, 30)]],
    ['works before 1970', [iv(-20, -10), iv(-10, 0)], [iv(-20, 0)]],
  ])('%s', (_name, input, expected) => {
    expect(unionIntervals(input)).toEqual(expected);
  });

  it('leaves its input untouched', () => {
    const input = [iv(5, 15), iv(0, 10)];
    unionIntervals(input);
    expect(input).toEqual([iv(5, 15), iv(0, 10)]);
  });

  it.each<[string, Interval]>([
    ['an end before the start', iv(10, 5)],
    ['a fractional millisecond', iv(0, 1.5)],
    ['NaN', iv(Number.NaN, 5)],
    ['an unsafe integer', iv(0, 2 ** 53)],
  ])('refuses %s', (_name, interval) => {
    expect(() => unionIntervals([interval])).toThrow();
  });
});

describe('clipIntervals', () => {
  it.each<[string, Interval[], { startMs: number; endMs: number | null }, Interval[]]>([
    ['cuts at both ends', [iv(0, 100)], { startMs: 10, endMs: 90 }, [iv(10, 90)]],
    ['keeps what lies inside', [iv(20, 30)], { startMs: 10, endMs: 90 }, [iv(20, 30)]],
    ['drops what lies outside', [iv(0, 5), iv(95, 100)], { startMs: 10, endMs: 90 }, []],
    ['drops an interval that ends at the window start', [iv(0, 10)], { startMs: 10, endMs: 90 }, []],
    ['drops an interval that starts at the window end', [iv(90, 100)], { startMs: 10, endMs: 90 }, []],
    ['reads a null end as open', [iv(0, 10), iv(1_000, 2 ** 50)], { startMs: 5, endMs: null }, [iv(5, 10), iv(1_000, 2 ** 50)]],
    ['keeps the input order', [iv(50, 60), iv(20, 30)], { startMs: 0, endMs: 100 }, [iv(50, 60), iv(20, 30)]],
  ])('%s', (_name, input, window, expected) => {
    expect(clipIntervals(input, window)).toEqual(expected);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => clipIntervals([iv(0, 10)], { startMs: 10, endMs: 5 })).toThrow();
  });
});

describe('totalMs', () => {
  it.each<[Interval[], number]>([
    [[], 0],
    [[iv(0, 10)], 10],
    [[iv(0, 10), iv(10, 25), iv(30, 30)], 25],
    [[iv(T0, T0 + HOUR)], HOUR],
  ])('covers %j for %d ms', (input, expected) => {
    expect(totalMs(input)).toBe(expected);
  });

  it.each<[string, Interval[]]>([
    ['overlapping', [iv(0, 10), iv(5, 15)]],
    ['unsorted', [iv(20, 30), iv(0, 10)]],
  ])('refuses %s intervals, which it would count twice or that signal a missing union', (_name, input) => {
    expect(() => totalMs(input)).toThrow(/unionIntervals/);
  });
});

describe('hourlyMs', () => {
  it('spreads covered time over the UTC hours it touches', () => {
    const covered = [iv(T0 + 30 * MINUTE, T0 + 2 * HOUR + 15 * MINUTE), iv(T0 + 2 * HOUR + 30 * MINUTE, T0 + 2 * HOUR + 40 * MINUTE)];
    expect([...hourlyMs(covered)]).toEqual([
      [T0, 30 * MINUTE],
      [T0 + HOUR, HOUR],
      [T0 + 2 * HOUR, 25 * MINUTE],
    ]);
  });

  it('puts an interval ending on the hour wholly in the hour before', () => {
    expect([...hourlyMs([iv(T0 + 59 * MINUTE, T0 + HOUR)])]).toEqual([[T0, MINUTE]]);
  });

  it('handles hours before 1970', () => {
    expect([...hourlyMs([iv(-HOUR - 1, -HOUR + 1)])]).toEqual([
      [-2 * HOUR, 1],
      [-HOUR, 1],
    ]);
  });

  it('refuses overlapping intervals', () => {
    expect(() => hourlyMs([iv(0, 10), iv(5, 15)])).toThrow(/unionIntervals/);
  });
});

describe('gpuMs', () => {
  it.each<[number, number, number]>([
    [MINUTE, 8, 480_000],
    [0, 8, 0],
    [30 * 24 * HOUR, 1024, 2_654_208_000_000],
  ])('%d ms × %d GPUs = %d GPU-ms', (coveredMs, gpuCount, expected) => {
    expect(gpuMs(coveredMs, gpuCount)).toBe(expected);
  });

  it.each<[string, number, number]>([
    ['negative covered time', -1, 8],
    ['fractional covered time', 0.5, 8],
    ['zero GPUs', MINUTE, 0],
    ['a fractional GPU count', MINUTE, 1.5],
    ['a product beyond 2^53', 2 ** 50, 16],
  ])('refuses %s', (_name, coveredMs, gpuCount) => {
    expect(() => gpuMs(coveredMs, gpuCount)).toThrow();
  });
});

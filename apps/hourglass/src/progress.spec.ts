import { Progress, slidingRate } from './progress';

describe('slidingRate', () => {
  it('has no rate before a second of real time has passed', () => {
    expect(slidingRate([{ atMs: 0, done: 0 }], 60, 1)).toBeNull();
  });
  it('averages over the last five seconds, not since the start', () => {
    const samples = [
      { atMs: 0, done: 0 },
      { atMs: 10_000, done: 10 },
      { atMs: 11_000, done: 1_010 },
    ];
    expect(slidingRate(samples, 15_000, 5_010)).toBe(1_000);
  });
});

describe('Progress', () => {
  const sink = () => {
    const lines: string[] = [];
    return { lines, stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('counts work done before it started as a baseline, not as a burst', () => {
    let now = 0;
    const { lines, stream } = sink();
    const p = new Progress('metered', 2_000_000, true, () => now, stream);
    p.start(1_000_000);
    now = 2_000;
    p.update(1_002_000);
    expect(lines).toEqual(['metered: 1,002,000 of 2,000,000 (50%), 1,000/s\n']);
    now = 4_000;
    p.done(1_004_000);
    expect(lines[1]).toBe('metered: 4,000 in 4.0 s, 1,000/s on average (1,000,000 before)\n');
  });

  it('says how many in how long at the end, without a rate for a blink', () => {
    let now = 0;
    const { lines, stream } = sink();
    const p = new Progress('published', null, true, () => now, stream);
    now = 60;
    p.update(1);
    p.done(1);
    expect(lines).toEqual(['published: 1 in 0.1 s\n']);
  });
});

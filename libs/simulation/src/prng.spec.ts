import fc from 'fast-check';
import { Rng } from './prng';

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream', () => {
    const a = new Rng(42, 'usage');
    const b = new Rng(42, 'usage');
    expect(Array.from({ length: 100 }, () => a.u32())).toEqual(Array.from({ length: 100 }, () => b.u32()));
  });

  it('gives different sequences for different seeds or streams', () => {
    const draw = (rng: Rng) => Array.from({ length: 8 }, () => rng.u32());
    expect(draw(new Rng(1, 'x'))).not.toEqual(draw(new Rng(2, 'x')));
    expect(draw(new Rng(1, 'x'))).not.toEqual(draw(new Rng(1, 'y')));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2 ** 32 + 1)));
  });

  it('keeps int() within its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, width) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const value = rng.int(min, min + width);
          expect(value).toBeGreaterThanOrEqual(min);
          expect(value).toBeLessThanOrEqual(min + width);
        }
      }),
    );
  });

  it('honours chance() roughly', () => {
    const rng = new Rng(7);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (rng.chance(0.1)) hits++;
    expect(hits / 100_000).toBeCloseTo(0.1, 2);
    expect(rng.chance(0)).toBe(false);
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });
});

import { clockStartingAt, fixedClock, systemClock } from './clocks';

const NOV = Date.parse('2026-11-15T12:00:00Z');

describe('clocks', () => {
  it('holds a fixed clock still until it is moved', () => {
    const clock = fixedClock('2026-11-15T12:00:00Z');
    expect(clock.nowMs()).toBe(NOV);
    expect(clock.nowMs()).toBe(NOV);
    clock.advance(1_000);
    expect(clock.nowMs()).toBe(NOV + 1_000);
    clock.set(0);
    expect(clock.nowMs()).toBe(0);
  });

  it('starts a running clock at the given instant, whatever today is, and lets it run forward', async () => {
    const clock = clockStartingAt(NOV);
    const first = clock.nowMs();
    expect(first - NOV).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.nowMs()).toBeGreaterThanOrEqual(first + 10);
  });

  it('refuses an instant that is not one', () => {
    expect(() => fixedClock('not a date')).toThrow(/not an instant/);
    expect(() => clockStartingAt(1.5)).toThrow(/not an instant/);
  });

  it('reads the wall clock only in the system clock', () => {
    const before = Date.now();
    const now = systemClock.nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

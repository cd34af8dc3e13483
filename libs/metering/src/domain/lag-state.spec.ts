import { nextLagState } from './lag-state';

const thresholds = { behindAt: 10_000, caughtUpBelow: 1_000 };

describe('nextLagState', () => {
  it('says once that the consumer falls behind, with the growth rate, and once that it caught up', () => {
    const behind = nextLagState('caught_up', { atMs: 0, pending: 8_000 }, { atMs: 10_000, pending: 20_000 }, thresholds);
    expect(behind).toEqual({ state: 'behind', line: 'usage consumer is falling behind: 20000 events waiting, growing by 1200/s' });
    expect(nextLagState('behind', { atMs: 10_000, pending: 20_000 }, { atMs: 20_000, pending: 30_000 }, thresholds)).toEqual({ state: 'behind', line: null });
    expect(nextLagState('behind', { atMs: 20_000, pending: 30_000 }, { atMs: 30_000, pending: 5_000 }, thresholds)).toEqual({ state: 'behind', line: null });
    expect(nextLagState('behind', { atMs: 30_000, pending: 5_000 }, { atMs: 40_000, pending: 10 }, thresholds)).toEqual({
      state: 'caught_up',
      line: 'usage consumer caught up: 10 events waiting',
    });
  });

  it('does not call a large backlog that is shrinking "falling behind"', () => {
    expect(nextLagState('caught_up', { atMs: 0, pending: 90_000 }, { atMs: 10_000, pending: 50_000 }, thresholds)).toEqual({ state: 'caught_up', line: null });
  });
});

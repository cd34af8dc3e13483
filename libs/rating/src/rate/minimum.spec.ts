import { dec } from '@hourglass/money';
import { applyMinimum, proratedMinimum } from './minimum';

describe('minimum charge', () => {
  it('raises an amount below the minimum', () => {
    expect(applyMinimum(dec('20'), dec('100'), true).toString()).toBe('100');
  });

  it('leaves an amount above the minimum', () => {
    expect(applyMinimum(dec('120.5'), dec('100'), true).toString()).toBe('120.5');
  });

  it('charges no minimum without usage', () => {
    expect(applyMinimum(dec('0'), dec('100'), false).toString()).toBe('0');
  });

  it('prorates by the share of the period a version governs', () => {
    // November has 30 days; a version governing the last 15: 100 × 15/30 = 50
    const day = 86_400_000;
    expect(proratedMinimum('100', 15 * day, 30 * day).toString()).toBe('50');
    // 100 × 10/30 = 33.333…
    expect(proratedMinimum('100', 10 * day, 30 * day).toFixed(6)).toBe('33.333333');
  });
});

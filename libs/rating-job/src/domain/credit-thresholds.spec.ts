import { Dec } from '@hourglass/money';
import { monthsBefore, thresholdsReached } from './credit-thresholds';

describe('thresholdsReached', () => {
  it.each<[string, string, number[]]>([
    ['79.99', '100', []],
    ['80', '100', [80]],
    ['99.999999', '100', [80]],
    ['100', '100', [80, 100]],
    ['250', '100', [80, 100]],
    ['0', '0', []],
    ['0.000001', '0', [80, 100]],
  ])('spend %s of a %s limit reaches %j', (spend, limit, expected) => {
    expect(thresholdsReached(new Dec(spend), limit)).toEqual(expected);
  });
});

describe('monthsBefore', () => {
  it('counts calendar months back across a year end', () => {
    expect(monthsBefore('2026-11', '2026-11')).toBe(0);
    expect(monthsBefore('2025-12', '2026-01')).toBe(1);
    expect(monthsBefore('2026-12', '2026-11')).toBe(-1);
  });
});

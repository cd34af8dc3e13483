import Big from 'big.js';
import { AllocationError } from './errors';
import { fromMinor, toMinor } from './round';

/**
 * Splits an already rounded total across weights (largest remainder, Hamilton's method).
 * Each share starts as floor(|total| × w / Σw) minor units; the units left over go one each
 * to the largest remainders, ties to the lower index, so the result depends only on the
 * inputs' order and sums to the total exactly. A negative total (a credit) is allocated
 * by magnitude and negated, so a credit mirrors the charge it reverses. A zero weight
 * never receives a unit.
 */
export function allocateProportionally(total: Big, weights: readonly bigint[], currency: string): Big[] {
  const totalMinor = toMinor(total, currency);
  for (const [i, w] of weights.entries()) {
    if (w < 0n) throw new AllocationError(`weight ${i} is negative (${w})`);
  }
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) {
    if (totalMinor !== 0n) throw new AllocationError(`cannot allocate ${total.toString()} ${currency} over zero total weight`);
    return weights.map(() => fromMinor(0n, currency));
  }
  const sign = totalMinor < 0n ? -1n : 1n;
  const magnitude = totalMinor * sign;
  const shares = weights.map((w) => (magnitude * w) / weightSum);
  const remainders = weights.map((w) => (magnitude * w) % weightSum);
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  for (const i of order) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares.map((s) => fromMinor(s * sign, currency));
}

import Big from 'big.js';
import { Dec } from '@hourglass/money';
import { MS_PER_HOUR_DEC } from '../quantity';
import type { Tier } from '../types';
import { scaleTiers } from './tiers';

/**
 * Graduated: each unit is priced by the tier it falls in, like income tax brackets.
 * A tier's `upToGpuHours` is inclusive (Stripe's `up_to`): with tiers up to 1000 at 2.49
 * and beyond at 2.19, 1500 h cost 1000 × 2.49 + 500 × 2.19.
 */
function graduatedSum(tiers: readonly Tier[], quantity: Big, scale: Big): Big {
  let amount: Big = new Dec(0n);
  let lower: Big = new Dec(0n);
  for (const tier of scaleTiers(tiers, scale)) {
    if (quantity.lte(lower)) break;
    const upper = tier.upTo === null || quantity.lt(tier.upTo) ? quantity : tier.upTo;
    amount = amount.plus(upper.minus(lower).times(tier.unitPrice));
    lower = upper;
  }
  return amount;
}

/** Exact (unrounded) amount for a quantity of GPU-hours. */
export function graduatedExact(tiers: readonly Tier[], gpuHours: Big): Big {
  return graduatedSum(tiers, new Dec(gpuHours), new Dec(1n));
}

/**
 * Exact amount for integer GPU-ms: tiers are scaled to GPU-ms so the one division by
 * 3.6e6 happens last, and splitting the quantity never moves a boundary by a rounding.
 */
export function graduatedExactForGpuMs(tiers: readonly Tier[], gpuMs: bigint): Big {
  return graduatedSum(tiers, new Dec(gpuMs), MS_PER_HOUR_DEC).div(MS_PER_HOUR_DEC);
}

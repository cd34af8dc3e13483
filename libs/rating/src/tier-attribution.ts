import Big from 'big.js';
import { Dec, allocateProportionally, roundToMinor, roundingModeFor, type RoundingMode } from '@hourglass/money';
import { toGpuMs } from './quantity';
import { fullMinimum, groupExact } from './rate/rate-model';
import type { Rate } from './types';

export interface AttributionItem {
  key: string;
  gpuMs: bigint | number;
}

export interface AttributedItem {
  key: string;
  gpuMs: bigint;
  /** This item's allocation of the once-rounded total; the allocations sum to it exactly. */
  amount: Big;
  /** exact total × this item's share of the GPU-ms; informative, never rounded. */
  exact: Big;
}

export interface Attribution {
  gpuMs: bigint;
  exact: Big;
  total: Big;
  perItem: AttributedItem[];
}

export interface AttributionOptions {
  /**
   * The minimum to apply to this group, already prorated (minimum.ts). Omitted: the rate's
   * full `minimumCharge`. null: no minimum.
   */
  minimum?: Big | null;
}

/**
 * How a tiered amount is attributed to rentals and operators: the customer's GPU-ms of one
 * model and class under one price version in the period are priced as a whole (tiers,
 * packages and minimums apply to the sum), the amount is rounded once, and that rounded
 * total is allocated to the items (rentals, and through them operators) in proportion to
 * their GPU-ms by largest remainder. Every rental therefore pays the same average price per
 * GPU-hour, whichever operator served it, and the allocations sum exactly to the total.
 * Items keep the caller's order, which decides ties; pass them sorted by a stable key.
 */
export function attributeTiered(
  rate: Rate,
  items: readonly AttributionItem[],
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
  options: AttributionOptions = {},
): Attribution {
  const keys = new Set(items.map((i) => i.key));
  if (keys.size !== items.length) throw new Error('attribution items must have distinct keys');
  const weights = items.map((i) => toGpuMs(i.gpuMs));
  const gpuMs = weights.reduce((a, b) => a + b, 0n);
  const minimum = options.minimum === undefined ? fullMinimum(rate) : options.minimum;
  const exact = groupExact(rate, gpuMs, minimum);
  const total = roundToMinor(exact, currency, mode);
  const amounts = allocateProportionally(total, weights, currency);
  const perItem = items.map((item, i) => ({
    key: item.key,
    gpuMs: weights[i],
    amount: amounts[i],
    exact: gpuMs === 0n ? new Dec(0n) : exact.times(new Dec(weights[i])).div(new Dec(gpuMs)),
  }));
  return { gpuMs, exact, total, perItem };
}

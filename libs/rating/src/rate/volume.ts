import Big from 'big.js';
import { Dec } from '@hourglass/money';
import { MS_PER_HOUR_DEC } from '../quantity';
import type { Tier } from '../types';
import { scaleTiers } from './tiers';

/**
 * Volume: the whole quantity is priced at the unit price of the tier the total falls in,
 * bounds inclusive (Stripe's `up_to`): with tiers up to 1000 at 2.49 and beyond at 2.19,
 * 1000 h cost 1000 × 2.49 and 1000.5 h cost 1000.5 × 2.19. Crossing a bound can lower the
 * total; that is the model, not a bug.
 */
function volumeProduct(tiers: readonly Tier[], quantity: Big, scale: Big): Big {
  const scaled = scaleTiers(tiers, scale);
  const tier = scaled.find((t) => t.upTo === null || quantity.lte(t.upTo)) ?? scaled[scaled.length - 1];
  return quantity.times(tier.unitPrice);
}

export function volumeExact(tiers: readonly Tier[], gpuHours: Big): Big {
  return volumeProduct(tiers, new Dec(gpuHours), new Dec(1n));
}

export function volumeExactForGpuMs(tiers: readonly Tier[], gpuMs: bigint): Big {
  return volumeProduct(tiers, new Dec(gpuMs), MS_PER_HOUR_DEC).div(MS_PER_HOUR_DEC);
}

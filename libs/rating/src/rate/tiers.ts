import Big from 'big.js';
import { Dec } from '@hourglass/money';
import type { Tier } from '../types';

export interface ScaledTier {
  /** Upper bound in the caller's quantity unit; null for the open last tier. */
  upTo: Big | null;
  unitPrice: Big;
}

/**
 * Tier bounds are written in GPU-hours; scaling them (× 3.6e6 for GPU-ms) instead of
 * dividing the quantity keeps the tier arithmetic exact. Tiers must be ascending with
 * only the last open (the price book schema checks it: ascendingTiers); this asserts it again because
 * a misordered table would silently misprice.
 */
export function scaleTiers(tiers: readonly Tier[], scale: Big): ScaledTier[] {
  if (tiers.length === 0) throw new Error('a tiered rate needs at least one tier');
  let previous: Big = new Dec(0n);
  return tiers.map((tier, i) => {
    const last = i === tiers.length - 1;
    if ((tier.upToGpuHours === null) !== last) {
      throw new Error('only the last tier, and always the last tier, has upToGpuHours null');
    }
    const upTo = tier.upToGpuHours === null ? null : new Dec(tier.upToGpuHours).times(scale);
    if (upTo !== null && upTo.lte(previous)) throw new Error('tier bounds must be strictly ascending and positive');
    if (upTo !== null) previous = upTo;
    return { upTo, unitPrice: new Dec(tier.unitPrice) };
  });
}

import Big from 'big.js';
import { Dec } from '@hourglass/money';
import type { Rate } from '../types';
import { flatExact } from './flat';
import { graduatedExactForGpuMs } from './graduated';
import { applyMinimum } from './minimum';
import { packageExactForGpuMs } from './package';
import { volumeExactForGpuMs } from './volume';

export type RateModel = 'flat' | 'package' | 'graduated' | 'volume';

export function rateModel(rate: Rate): RateModel {
  if (rate.tiers !== null) {
    if (rate.tierMode === null) throw new Error(`rate ${rate.gpuModel}/${rate.pricingClass} has tiers but no tierMode`);
    return rate.tierMode;
  }
  if (rate.unitPrice === null) throw new Error(`rate ${rate.gpuModel}/${rate.pricingClass} has neither unitPrice nor tiers`);
  return rate.packageGpuHours === null ? 'flat' : 'package';
}

/**
 * Whether a line can be priced from its own GPU-ms (CONTRACTS §3's flat lines). Tiers,
 * packages and minimums depend on the customer's total in the group, so those rates are
 * priced on the total and attributed (tier-attribution.ts).
 */
export function isPricedPerLine(rate: Rate): boolean {
  return rateModel(rate) === 'flat' && rate.minimumCharge === null;
}

/** Exact amount of a rate for a total of GPU-ms, before the minimum and before rounding. */
export function usageExact(rate: Rate, gpuMs: bigint): Big {
  switch (rateModel(rate)) {
    case 'flat':
      return flatExact(rate.unitPrice as string, gpuMs);
    case 'package':
      return packageExactForGpuMs(rate.unitPrice as string, rate.packageGpuHours as string, gpuMs);
    case 'graduated':
      return graduatedExactForGpuMs(rate.tiers ?? [], gpuMs);
    case 'volume':
      return volumeExactForGpuMs(rate.tiers ?? [], gpuMs);
  }
}

/**
 * Exact amount of a group (customer, model, class, version) for its total GPU-ms,
 * the minimum included. `minimum` is the (prorated) minimum, or null for none.
 */
export function groupExact(rate: Rate, gpuMs: bigint, minimum: Big | null): Big {
  return applyMinimum(usageExact(rate, gpuMs), minimum, gpuMs > 0n);
}

export function fullMinimum(rate: Rate): Big | null {
  return rate.minimumCharge === null ? null : new Dec(rate.minimumCharge);
}

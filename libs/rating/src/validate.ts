import Big from 'big.js';
import { Dec, isKnownCurrency, parseFeeRate } from '@hourglass/money';
import { isNonNegativeDecimal } from './decimal-string';
import { InvalidPriceBookError } from './errors';
import type { PriceBookVersion, Rate } from './types';

const CLASSES = new Set(['on_demand', 'spot', 'reserved']);

function rateProblems(rate: Rate, at: string): string[] {
  const problems: string[] = [];
  if (typeof rate.gpuModel !== 'string' || rate.gpuModel === '') problems.push(`${at}: gpuModel is empty`);
  if (!CLASSES.has(rate.pricingClass)) problems.push(`${at}: pricingClass "${String(rate.pricingClass)}" is unknown`);
  if (rate.minimumCharge !== null && !isNonNegativeDecimal(rate.minimumCharge)) {
    problems.push(`${at}: minimumCharge is not a non-negative decimal string`);
  }
  if (rate.tiers !== null) {
    if (rate.unitPrice !== null) problems.push(`${at}: has both unitPrice and tiers`);
    if (rate.packageGpuHours !== null) problems.push(`${at}: packages cannot be tiered`);
    if (rate.tierMode !== 'graduated' && rate.tierMode !== 'volume') problems.push(`${at}: tiers need tierMode graduated or volume`);
    if (rate.pricingClass === 'reserved') problems.push(`${at}: a reserved rate is a flat unitPrice per committed GPU-hour`);
    if (rate.tiers.length === 0) problems.push(`${at}: tiers is empty`);
    let previous: Big = new Dec(0n);
    rate.tiers.forEach((tier, i) => {
      const last = i === rate.tiers!.length - 1;
      if (!isNonNegativeDecimal(tier.unitPrice)) problems.push(`${at}.tiers[${i}]: unitPrice is not a non-negative decimal string`);
      if (tier.upToGpuHours === null) {
        if (!last) problems.push(`${at}.tiers[${i}]: only the last tier may be open (upToGpuHours null)`);
        return;
      }
      if (last) problems.push(`${at}.tiers[${i}]: the last tier must be open (upToGpuHours null)`);
      if (!isNonNegativeDecimal(tier.upToGpuHours)) {
        problems.push(`${at}.tiers[${i}]: upToGpuHours is not a non-negative decimal string`);
        return;
      }
      const upTo = new Dec(tier.upToGpuHours);
      if (!upTo.gt(previous)) problems.push(`${at}.tiers[${i}]: upToGpuHours must be above the previous bound`);
      previous = upTo;
    });
  } else {
    if (rate.tierMode !== null) problems.push(`${at}: tierMode without tiers`);
    if (!isNonNegativeDecimal(rate.unitPrice)) problems.push(`${at}: unitPrice is not a non-negative decimal string`);
    if (rate.packageGpuHours !== null) {
      if (!isNonNegativeDecimal(rate.packageGpuHours) || /^0(\.0+)?$/.test(rate.packageGpuHours)) {
        problems.push(`${at}: packageGpuHours is not a positive decimal string`);
      }
      if (rate.pricingClass === 'reserved') problems.push(`${at}: a reserved rate cannot be sold in packages`);
    }
  }
  return problems;
}

/** Every problem of a price book version, not just the first (so one fix round suffices). */
export function validatePriceBookVersion(version: PriceBookVersion): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(version.version) || version.version < 1) problems.push('version is not a positive integer');
  if (!Number.isSafeInteger(version.effectiveFromMs)) problems.push('effectiveFrom is not a whole millisecond');
  if (!isKnownCurrency(version.currency)) problems.push(`currency "${version.currency}" is not an ISO 4217 code with minor units`);
  try {
    parseFeeRate(version.platformFeeRate);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const seen = new Set<string>();
  version.rates.forEach((rate, i) => {
    problems.push(...rateProblems(rate, `rates[${i}]`));
    const key = `${rate.gpuModel}/${rate.pricingClass}`;
    if (seen.has(key)) problems.push(`rates[${i}]: a second rate for ${key}`);
    seen.add(key);
  });
  return problems;
}

export function assertValidPriceBookVersion(version: PriceBookVersion): void {
  const problems = validatePriceBookVersion(version);
  if (problems.length > 0) throw new InvalidPriceBookError(version.priceBookId, version.version, problems);
}

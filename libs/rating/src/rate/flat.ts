import Big from 'big.js';
import { Dec, roundToMinor, roundingModeFor, type RoundingMode } from '@hourglass/money';
import { MS_PER_HOUR_DEC, toGpuMs } from '../quantity';

/**
 * unitPrice × GPU-ms / 3,600,000 before any rounding. The product is exact; the single
 * division keeps EXACT_DP digits when it does not terminate, which is enough for
 * roundToMinor to round it as it would the true rational (see money's decimal.ts).
 */
export function flatExact(unitPrice: string, gpuMs: number | bigint): Big {
  return new Dec(unitPrice).times(new Dec(toGpuMs(gpuMs))).div(MS_PER_HOUR_DEC);
}

/** CONTRACTS §3: a flat line's amount, rounded once from its exact integer GPU-ms. */
export function flatAmount(
  unitPrice: string,
  gpuMs: number | bigint,
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
): Big {
  return roundToMinor(flatExact(unitPrice, gpuMs), currency, mode);
}

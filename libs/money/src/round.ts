import Big from 'big.js';
import { minorUnits, roundingModeFor, type RoundingMode } from './currencies';
import { Dec } from './decimal';
import { UnroundedAmountError } from './errors';

/**
 * big.js rounds the magnitude and keeps the sign, so its "half up" (1) and "up" (3) are
 * already away from zero for negative amounts (credits).
 */
const BIG_RM: Record<RoundingMode, Big.RoundingMode> = {
  half_away_from_zero: 1,
  half_up: 1,
  half_even: 2,
  down: 0,
  up: 3,
};

/** big.js keeps a negative zero after rounding −0.001; it would print as "-0" in some paths. */
function withoutNegativeZero(x: Big): Big {
  return x.eq(0) ? new Dec(0n) : x;
}

export function roundToMinor(amount: Big, currency: string, mode: RoundingMode = roundingModeFor(currency)): Big {
  return withoutNegativeZero(new Dec(amount).round(minorUnits(currency), BIG_RM[mode]));
}

/** Number of digits after the point that are actually needed to write `x`. */
export function fractionDigits(x: Big): number {
  return Math.max(0, x.c.length - x.e - 1);
}

export function isRoundedToMinor(amount: Big, currency: string): boolean {
  return fractionDigits(amount) <= minorUnits(currency);
}

/** Throws if a caller skipped the one rounding: formatting must never round silently. */
export function assertRoundedToMinor(amount: Big, currency: string): void {
  if (!isRoundedToMinor(amount, currency)) {
    throw new UnroundedAmountError(new Dec(amount).toString(), currency, minorUnits(currency));
  }
}

/** "12.30" for USD, "1200" for JPY, "0.125" for BHD; the amount must already be rounded. */
export function formatMoney(amount: Big, currency: string): string {
  assertRoundedToMinor(amount, currency);
  return withoutNegativeZero(new Dec(amount)).toFixed(minorUnits(currency));
}

export function toMinor(amount: Big, currency: string): bigint {
  assertRoundedToMinor(amount, currency);
  return BigInt(new Dec(amount).times(`1e${minorUnits(currency)}`).toFixed(0));
}

export function fromMinor(minor: bigint, currency: string): Big {
  return withoutNegativeZero(new Dec(`${minor}e-${minorUnits(currency)}`));
}

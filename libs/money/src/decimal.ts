import Big from 'big.js';

/**
 * Digits kept after the point when a division does not terminate (anything divided by
 * 3,600,000 that is not a multiple of 9). 60 digits keep the error below 1e-60, while a
 * price with up to 30 decimals times an integer GPU-ms over 3.6e6 is never closer than
 * 1e-45 to a rounding boundary it is not on, so rounding the truncated quotient to minor
 * units gives the same result as rounding the true rational value.
 */
export const EXACT_DP = 60;

/**
 * A private big.js constructor: changing the global `Big.DP` would silently change every
 * other division in the process (the default 20 digits is too few for the argument above).
 * NE/PE are widened so `toString()` never switches to exponential notation, which would
 * leak "6.9e-7" into JSON documents and ClickHouse Decimal columns.
 */
export const Dec: Big.BigConstructor = Big();
Dec.DP = EXACT_DP;
Dec.RM = Big.roundHalfUp;
Dec.NE = -1e6;
Dec.PE = 1e6;

/** Parses a decimal string (or an existing Big) into our constructor; floats are refused. */
export function dec(value: string | bigint | Big): Big {
  return new Dec(value);
}

import Big from 'big.js';
import { roundingModeFor, type RoundingMode } from './currencies';
import { Dec } from './decimal';
import { InvalidRateError } from './errors';
import { assertRoundedToMinor, roundToMinor } from './round';

const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A platform fee rate is a decimal string in [0, 1]; "0.15" means 15 %. */
export function parseFeeRate(platformFeeRate: string): Big {
  if (!DECIMAL.test(platformFeeRate)) throw new InvalidRateError(platformFeeRate, 'not a plain decimal string');
  const rate = new Dec(platformFeeRate);
  if (rate.gt(1)) throw new InvalidRateError(platformFeeRate, 'greater than 1');
  return rate;
}

/**
 * CONTRACTS §3: the operator's share is rounded and the fee is what is left, never rounded
 * on its own. Rounding both would let share + fee drift a minor unit from the billed amount,
 * and payouts plus platform revenue would no longer reconcile with invoices.
 */
export function splitShare(
  amount: Big,
  platformFeeRate: string,
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
): { operatorShare: Big; platformFee: Big } {
  assertRoundedToMinor(amount, currency);
  const rate = parseFeeRate(platformFeeRate);
  const operatorShare = roundToMinor(new Dec(amount).times(new Dec(1n).minus(rate)), currency, mode);
  const platformFee = new Dec(amount).minus(operatorShare);
  return { operatorShare, platformFee: platformFee.eq(0) ? new Dec(0n) : platformFee };
}

import type Big from 'big.js';
import { fromMinor, isKnownCurrency } from '@hourglass/money';
import { PaymentsError } from './errors';

/**
 * Processors send integers in the currency's minor units (JPY 0 digits, BHD 3). Anything else is
 * refused rather than guessed: a float or a string like "10.5" would be a wrong amount, not a rounding.
 */
export function majorFromMinor(value: unknown, currencyRaw: unknown): { amount: Big; currency: string } {
  const currency = String(currencyRaw ?? '').toUpperCase();
  if (!isKnownCurrency(currency)) throw new PaymentsError('unknown_currency', `unknown currency ${String(currencyRaw)}`);
  const minor = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : null;
  if (minor === null) throw new PaymentsError('invalid_amount', `amount ${JSON.stringify(value)} is not an integer of minor units`);
  return { amount: fromMinor(minor, currency), currency };
}

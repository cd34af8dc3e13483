import { UnknownCurrencyError } from './errors';

/**
 * How an amount is rounded to minor units. The names follow big.js, Java's RoundingMode
 * and Python's decimal, where "up" and "down" are about magnitude, not direction:
 * - `half_away_from_zero`: ties go away from zero (2.345 → 2.35, −2.345 → −2.35); the default.
 * - `half_up`: the same rule under the name those libraries give it, accepted so that a
 *   currency configured as "half up" means what every decimal library means by it.
 * - `half_even`: ties go to the even neighbour (banker's rounding).
 * - `down`: towards zero (truncate). `up`: away from zero.
 * Magnitude-based modes keep a credit the mirror image of the charge it reverses: a
 * direction-based rule (ceiling/floor) would round −0.125 and 0.125 to different sizes.
 */
export type RoundingMode = 'half_away_from_zero' | 'half_even' | 'half_up' | 'down' | 'up';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half_away_from_zero', 'half_even', 'half_up', 'down', 'up'];

/** The rounding of Stripe, Lago and Kill Bill (CONTRACTS §3). */
export const DEFAULT_ROUNDING_MODE: RoundingMode = 'half_away_from_zero';

const ZERO_DIGITS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DIGITS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const FOUR_DIGITS = ['CLF', 'UYW'];
const TWO_DIGITS = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND',
  'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU',
  'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS',
  'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR',
  'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU',
  'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK',
  'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS',
  'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD',
  'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG',
];

function table(): ReadonlyMap<string, number> {
  const digits = new Map<string, number>();
  for (const [codes, n] of [[ZERO_DIGITS, 0], [TWO_DIGITS, 2], [THREE_DIGITS, 3], [FOUR_DIGITS, 4]] as const) {
    for (const code of codes) digits.set(code, n);
  }
  return digits;
}

/**
 * ISO 4217 minor units of the active currencies (List One). Codes without minor units
 * (XAU, XDR, XTS, XXX…) are left out on purpose: nothing can be invoiced in them.
 * The ISO exponent is authoritative even where card networks differ (ISK, HUF, TWD).
 */
export const MINOR_UNITS: ReadonlyMap<string, number> = table();

export function isKnownCurrency(currency: string): boolean {
  return MINOR_UNITS.has(currency);
}

/**
 * Codes are matched exactly (upper case): accepting "usd" would let "usd" and "USD" open
 * two invoices for one customer and period.
 */
export function minorUnits(currency: string): number {
  const digits = MINOR_UNITS.get(currency);
  if (digits === undefined) throw new UnknownCurrencyError(currency);
  return digits;
}

export function roundingModeFor(currency: string, overrides?: Readonly<Record<string, RoundingMode>>): RoundingMode {
  minorUnits(currency);
  const configured = overrides !== undefined && Object.hasOwn(overrides, currency) ? overrides[currency] : undefined;
  if (configured !== undefined && !ROUNDING_MODES.includes(configured)) {
    throw new Error(`Rounding mode "${String(configured)}" configured for ${currency} is not one of ${ROUNDING_MODES.join(', ')}`);
  }
  return configured ?? DEFAULT_ROUNDING_MODE;
}

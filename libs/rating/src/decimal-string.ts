/** Decimal strings in reference data: no sign, no exponent, no leading zeros ("2.49", "0", "1000"). */
export const NON_NEGATIVE_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

export function isNonNegativeDecimal(value: unknown): value is string {
  return typeof value === 'string' && NON_NEGATIVE_DECIMAL.test(value);
}

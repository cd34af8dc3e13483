import type { FormatDefinition } from 'ajv';
import { parseRfc3339Ms } from '../timestamps';

// String formats of the contracts. Decimals stay strings end to end (money is never a JS
// float), so their shape is checked here and their value only ever read by big.js.

/**
 * Ids become NATS tokens, Redis keys and ClickHouse columns; the bound keeps one malformed
 * agent from filling them with megabyte strings. Counted in UTF-16 units (`String#length`):
 * `minLength`/`maxLength` would count code points, walking every id on the hot path.
 */
export const ID_LENGTH_MAX = 256;

export const CONTRACT_FORMATS = {
  id: { type: 'string', validate: (s: string) => s.length > 0 && s.length <= ID_LENGTH_MAX },
  'rfc3339-ms': { type: 'string', validate: (s: string) => parseRfc3339Ms(s) !== null },
  'non-negative-decimal': { type: 'string', validate: /^\d+(\.\d+)?$/ },
  'positive-decimal': { type: 'string', validate: (s: string) => /^\d+(\.\d+)?$/.test(s) && /[1-9]/.test(s) },
  /** [0, 1): a platform fee of 100 % or more would leave operators nothing or less. */
  'fee-rate': { type: 'string', validate: /^0(\.\d+)?$/ },
  'currency-code': { type: 'string', validate: /^[A-Z]{3}$/ },
  'country-code': { type: 'string', validate: /^[A-Z]{2}$/ },
} satisfies Record<string, FormatDefinition<string>>;

export type ContractFormat = keyof typeof CONTRACT_FORMATS;

export const FORMAT_MESSAGES: Record<ContractFormat, string> = {
  id: `must be a non-empty string of at most ${ID_LENGTH_MAX} characters`,
  'rfc3339-ms': 'must be an RFC 3339 timestamp with an offset and at most millisecond precision',
  'non-negative-decimal': 'must be a non-negative decimal string such as "2.49"',
  'positive-decimal': 'must be a positive decimal string such as "1000"',
  'fee-rate': 'must be a decimal string in [0, 1) such as "0.15"',
  'currency-code': 'must be a 3-letter upper-case ISO 4217 code such as "USD"',
  'country-code': 'must be a 2-letter upper-case ISO 3166-1 code such as "DE"',
};

import type * as Ibantools from 'ibantools' with { 'resolution-mode': 'import' };

// ibantools ships CommonJS (exports.require) beside its ES module, but its package type is module, so
// TypeScript under node16 types it as ESM only: load the CommonJS build, typed by its declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { electronicFormatIBAN, getCountrySpecifications, isValidBIC, validateIBAN, ValidationErrorsIBAN } = require('ibantools') as typeof Ibantools;
import { createContractAjv, formatAjvErrors, parseRfc3339Ms } from '@hourglass/contracts';
import { isKnownCurrency } from '@hourglass/money';

/** An operator as CONTRACTS §7 sends it: the data center that earns and is paid. */
export interface Operator {
  operatorId: string;
  name: string;
  country: string;
  /** Electronic format: upper case, no spaces. */
  iban: string;
  bic: string;
  payoutCurrency: string;
  updatedAtMs: number;
}

export type ParseOperatorResult = { ok: true; value: Operator } | { ok: false; errors: string[] };

const ajv = createContractAjv({ allErrors: true });
const validateShape = ajv.compile({
  type: 'object',
  required: ['operatorId', 'name', 'country', 'iban', 'bic', 'payoutCurrency', 'updatedAt'],
  properties: {
    operatorId: { type: 'string', format: 'id' },
    name: { type: 'string', minLength: 1, maxLength: 140 },
    country: { type: 'string', format: 'country-code' },
    iban: { type: 'string', minLength: 1, maxLength: 64 },
    bic: { type: 'string', minLength: 1, maxLength: 11 },
    payoutCurrency: { type: 'string', format: 'currency-code' },
    updatedAt: { type: 'string', format: 'rfc3339-ms' },
  },
});

const COUNTRIES = new Set(Object.keys(getCountrySpecifications()));

const IBAN_ERRORS: Partial<Record<Ibantools.ValidationErrorsIBAN, string>> = {
  [ValidationErrorsIBAN.NoIBANProvided]: 'is empty',
  [ValidationErrorsIBAN.NoIBANCountry]: 'does not start with a known IBAN country',
  [ValidationErrorsIBAN.WrongBBANLength]: 'has the wrong length for its country',
  [ValidationErrorsIBAN.WrongBBANFormat]: 'does not match its country format',
  [ValidationErrorsIBAN.ChecksumNotNumber]: 'has check digits that are not digits',
  [ValidationErrorsIBAN.WrongIBANChecksum]: 'fails the ISO 7064 mod-97 checksum',
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: 'fails its national checksum',
  [ValidationErrorsIBAN.QRIBANNotAllowed]: 'is a QR-IBAN',
};

/** Why an IBAN is refused, or null when it is valid (ibantools: country format and mod-97 checksum). */
export function ibanProblem(raw: string): string | null {
  const iban = electronicFormatIBAN(raw) ?? '';
  const result = validateIBAN(iban);
  if (result.valid) return null;
  return result.errorCodes.map((c) => IBAN_ERRORS[c] ?? `is invalid (${c})`).join(', ');
}

/**
 * Validates an operator document: the shape (every violation at once, like the other reference
 * documents), then what a bank will check: the IBAN checksum and country format, the BIC format,
 * an ISO 3166 country and an ISO 4217 currency.
 */
export function parseOperatorDocument(input: unknown): ParseOperatorResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['document: must be an object'] };
  if (!validateShape(input)) return { ok: false, errors: formatAjvErrors(validateShape.errors) };
  const doc = input as unknown as Record<string, string>;
  const errors: string[] = [];
  const iban = electronicFormatIBAN(doc.iban!) ?? '';
  const ibanWhy = ibanProblem(doc.iban!);
  if (ibanWhy) errors.push(`iban: ${ibanWhy}`);
  const bic = doc.bic!.toUpperCase();
  if (!isValidBIC(bic)) errors.push('bic: must be an ISO 9362 BIC of 8 or 11 characters (bank, country, location, optional branch)');
  if (!COUNTRIES.has(doc.country!)) errors.push(`country: ${doc.country} is not an ISO 3166-1 country code`);
  if (!isKnownCurrency(doc.payoutCurrency!)) errors.push(`payoutCurrency: ${doc.payoutCurrency} is not an ISO 4217 currency`);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      operatorId: doc.operatorId!,
      name: doc.name!,
      country: doc.country!,
      iban,
      bic,
      payoutCurrency: doc.payoutCurrency!,
      updatedAtMs: parseRfc3339Ms(doc.updatedAt!)!,
    },
  };
}

/** The document form of an operator (CONTRACTS §7), as GET /v1/operators prints it. */
export function operatorDocument(o: Operator): Record<string, string> {
  return {
    operatorId: o.operatorId,
    name: o.name,
    country: o.country,
    iban: o.iban,
    bic: o.bic,
    payoutCurrency: o.payoutCurrency,
    updatedAt: new Date(o.updatedAtMs).toISOString(),
  };
}

/** A newer `updatedAt` replaces; the same one again is unchanged; anything else is stale. */
export function classifyOperator(current: Operator | undefined, next: Operator): 'applied' | 'unchanged' | 'stale' {
  if (!current || next.updatedAtMs > current.updatedAtMs) return 'applied';
  return next.updatedAtMs === current.updatedAtMs && JSON.stringify(current) === JSON.stringify(next) ? 'unchanged' : 'stale';
}

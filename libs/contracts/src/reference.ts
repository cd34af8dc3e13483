import type { ValidateFunction } from 'ajv';
import { fromCustomerDocument, fromPriceBookDocument, fromRentalDocument } from './reference-mapping';
import { createContractAjv } from './schemas/contract-ajv';
import { CUSTOMER_SCHEMA, type CustomerDocument } from './schemas/customer.schema';
import { formatAjvErrors } from './schemas/error-messages';
import { PRICE_BOOK_SCHEMA, type PriceBookDocument } from './schemas/price-book.schema';
import { RENTAL_SCHEMA, type RentalDocument } from './schemas/rental.schema';

export type { Commitment, Customer, PriceBookVersion, PricingClass, Rate, Rental, Tier } from './reference-types';
import type { Customer, PriceBookVersion, Rental } from './reference-types';

export type ReferenceKind = 'rental' | 'customer' | 'priceBook';

export type ReferenceDocument =
  | { kind: 'rental'; doc: Rental }
  | { kind: 'customer'; doc: Customer }
  | { kind: 'priceBook'; doc: PriceBookVersion };

export type ParseReferenceResult = { ok: true; value: ReferenceDocument } | { ok: false; errors: string[] };

/** Every violation at once: the control plane fixes a refused document in one round trip. */
const ajv = createContractAjv({ allErrors: true });
const validateRental = ajv.compile<RentalDocument>(RENTAL_SCHEMA);
const validateCustomer = ajv.compile<CustomerDocument>(CUSTOMER_SCHEMA);
const validatePriceBook = ajv.compile<PriceBookDocument>(PRICE_BOOK_SCHEMA);

const KIND_LABELS: Record<ReferenceKind, string> = {
  rental: 'rental',
  customer: 'customer',
  priceBook: 'price book',
};

/**
 * Validates and normalises one reference document. The kind is told by its keys, as
 * `hourglass load` does for mixed NDJSON: `rentalId` → rental; `priceBookId` and `rates`
 * → price book; `customerId` and `currency` → customer. With `expectedKind` (a NATS subject
 * or an HTTP route that admits one kind), a document of another kind is refused, and one
 * whose kind cannot be told is validated as the expected kind so that every missing field
 * is named.
 */
export function parseReferenceDocument(input: unknown, expectedKind?: ReferenceKind): ParseReferenceResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['document: must be an object'] };
  }
  const detected = detectKind(input as Record<string, unknown>);
  if (expectedKind !== undefined && detected !== null && detected !== expectedKind) {
    return {
      ok: false,
      errors: [`document: expected a ${KIND_LABELS[expectedKind]} but its keys make it a ${KIND_LABELS[detected]}`],
    };
  }
  const kind = detected ?? expectedKind;
  if (kind === undefined) {
    return {
      ok: false,
      errors: [
        'document: cannot tell its kind: a rental has rentalId, a price book priceBookId and rates, ' +
          'a customer customerId and currency',
      ],
    };
  }
  switch (kind) {
    case 'rental':
      return validated(validateRental, input, (doc) => ({ kind, doc: fromRentalDocument(doc) }));
    case 'customer':
      return validated(validateCustomer, input, (doc) => ({ kind, doc: fromCustomerDocument(doc) }));
    case 'priceBook':
      return validated(validatePriceBook, input, (doc) => ({ kind, doc: fromPriceBookDocument(doc) }));
  }
}

function detectKind(doc: Record<string, unknown>): ReferenceKind | null {
  if ('rentalId' in doc) return 'rental';
  if ('priceBookId' in doc && 'rates' in doc) return 'priceBook';
  if ('customerId' in doc && 'currency' in doc) return 'customer';
  return null;
}

function validated<T>(
  validate: ValidateFunction<T>,
  input: unknown,
  toValue: (doc: T) => ReferenceDocument,
): ParseReferenceResult {
  if (!validate(input)) return { ok: false, errors: formatAjvErrors(validate.errors) };
  return { ok: true, value: toValue(input) };
}

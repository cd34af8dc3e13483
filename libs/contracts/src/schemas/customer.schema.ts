import type { SchemaObject } from 'ajv';
import { CURRENCY, ID, TIMESTAMP } from './fragments';

/** A customer (CONTRACTS.md §2); `country` and `creditLimit` are optional. */
export const CUSTOMER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['customerId', 'name', 'currency', 'updatedAt'],
  properties: {
    customerId: ID,
    name: { type: 'string', minLength: 1 },
    currency: CURRENCY,
    country: { type: ['string', 'null'], format: 'country-code' },
    creditLimit: { type: ['string', 'null'], format: 'non-negative-decimal' },
    updatedAt: TIMESTAMP,
  },
};

export interface CustomerDocument {
  customerId: string;
  name: string;
  currency: string;
  country?: string | null;
  creditLimit?: string | null;
  updatedAt: string;
}

import type { SchemaObject } from 'ajv';
import { CURRENCY, ID, TIMESTAMP } from './fragments';

/**
 * A customer (CONTRACTS.md §2); `country` and `creditLimit` are optional, and so are the payment
 * processor (§6: `stripe` by default) and the processor's own customer reference.
 */
export const CUSTOMER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['customerId', 'name', 'currency', 'updatedAt'],
  properties: {
    customerId: ID,
    name: { type: 'string', minLength: 1 },
    currency: CURRENCY,
    country: { type: ['string', 'null'], format: 'country-code' },
    creditLimit: { type: ['string', 'null'], format: 'non-negative-decimal' },
    paymentProvider: { enum: ['stripe', 'adyen', null] },
    pspCustomerId: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
    // What invoice documents say of the customer (all optional): the registered name, address lines,
    // VAT or other tax number, and days from issue to due date ("net 30").
    legalName: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    billingAddress: { type: ['array', 'null'], maxItems: 6, items: { type: 'string', minLength: 1, maxLength: 200 } },
    taxId: { type: ['string', 'null'], minLength: 2, maxLength: 40 },
    paymentTermsDays: { type: ['integer', 'null'], minimum: 0, maximum: 365 },
    // Tax (libs/invoicing README "Tax"): a business in another EU state with a taxId is reverse
    // charged; a tax-exempt customer is charged no tax. Both optional: absent means an individual
    // (standard rate) and not exempt.
    customerType: { enum: ['business', 'individual', null] },
    taxExempt: { type: ['boolean', 'null'] },
    updatedAt: TIMESTAMP,
  },
};

export interface CustomerDocument {
  customerId: string;
  name: string;
  currency: string;
  country?: string | null;
  creditLimit?: string | null;
  paymentProvider?: 'stripe' | 'adyen' | null;
  pspCustomerId?: string | null;
  legalName?: string | null;
  billingAddress?: string[] | null;
  taxId?: string | null;
  paymentTermsDays?: number | null;
  customerType?: 'business' | 'individual' | null;
  taxExempt?: boolean | null;
  updatedAt: string;
}

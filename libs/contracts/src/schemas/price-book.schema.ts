import type { SchemaObject } from 'ajv';
import { CURRENCY, ID, PRICING_CLASS, TIMESTAMP } from './fragments';

const TIER: SchemaObject = {
  type: 'object',
  required: ['upToGpuHours', 'unitPrice'],
  properties: {
    upToGpuHours: { type: ['string', 'null'], format: 'positive-decimal' },
    unitPrice: { type: 'string', format: 'non-negative-decimal' },
  },
};

/** A flat `unitPrice` or `tiers` with their `tierMode`, never both: which would apply? */
const RATE: SchemaObject = {
  type: 'object',
  required: ['gpuModel', 'pricingClass'],
  properties: {
    gpuModel: ID,
    pricingClass: PRICING_CLASS,
    unitPrice: { type: ['string', 'null'], format: 'non-negative-decimal' },
    tiers: { type: ['array', 'null'], minItems: 1, items: TIER, ascendingTiers: true },
    tierMode: { type: ['string', 'null'], enum: ['graduated', 'volume', null] },
    packageGpuHours: { type: ['string', 'null'], format: 'positive-decimal' },
    minimumCharge: { type: ['string', 'null'], format: 'non-negative-decimal' },
  },
  exactlyOneOf: ['unitPrice', 'tiers'],
  presentTogether: ['tiers', 'tierMode'],
};

/**
 * One version of a price book (CONTRACTS.md §2). Two rates for the same GPU model and
 * pricing class are refused: the price of a GPU-hour would depend on their order.
 */
export const PRICE_BOOK_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['priceBookId', 'version', 'effectiveFrom', 'currency', 'platformFeeRate', 'rates'],
  properties: {
    priceBookId: ID,
    version: { type: 'integer', minimum: 1 },
    effectiveFrom: TIMESTAMP,
    currency: CURRENCY,
    platformFeeRate: { type: 'string', format: 'fee-rate' },
    rates: { type: 'array', minItems: 1, items: RATE, uniqueBy: ['gpuModel', 'pricingClass'] },
  },
};

export interface TierDocument {
  upToGpuHours: string | null;
  unitPrice: string;
}

export interface RateDocument {
  gpuModel: string;
  pricingClass: 'on_demand' | 'spot' | 'reserved';
  unitPrice?: string | null;
  tiers?: TierDocument[] | null;
  tierMode?: 'graduated' | 'volume' | null;
  packageGpuHours?: string | null;
  minimumCharge?: string | null;
}

export interface PriceBookDocument {
  priceBookId: string;
  version: number;
  effectiveFrom: string;
  currency: string;
  platformFeeRate: string;
  rates: RateDocument[];
}

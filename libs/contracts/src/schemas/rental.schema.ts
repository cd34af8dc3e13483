import type { SchemaObject } from 'ajv';
import { GPU_COUNT, ID, nullable, PRICING_CLASS, TIMESTAMP } from './fragments';

/**
 * A rental (CONTRACTS.md §2). `endedAt` null or absent means still running: control planes
 * commonly omit null fields, and refusing the rental would turn all its usage into
 * unknown_rental. `commitment` is set exactly for reserved rentals, the only class charged
 * for a term.
 */
export const RENTAL_SCHEMA: SchemaObject = {
  type: 'object',
  required: [
    'rentalId',
    'customerId',
    'operatorId',
    'datacenterId',
    'nodeId',
    'gpuModel',
    'gpuCount',
    'pricingClass',
    'priceBookId',
    'startedAt',
    'updatedAt',
  ],
  properties: {
    rentalId: ID,
    customerId: ID,
    operatorId: ID,
    datacenterId: ID,
    nodeId: ID,
    gpuModel: ID,
    gpuCount: GPU_COUNT,
    pricingClass: PRICING_CLASS,
    priceBookId: ID,
    startedAt: TIMESTAMP,
    endedAt: { ...nullable(TIMESTAMP), laterThan: 'startedAt' },
    commitment: {
      type: ['object', 'null'],
      required: ['termMonths', 'autoRenew'],
      properties: {
        termMonths: { type: 'integer', minimum: 1, maximum: 120 },
        autoRenew: { type: 'boolean' },
      },
    },
    updatedAt: TIMESTAMP,
  },
  requiredExactlyWhen: { property: 'commitment', whenProperty: 'pricingClass', equals: 'reserved' },
};

export interface RentalDocument {
  rentalId: string;
  customerId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  pricingClass: 'on_demand' | 'spot' | 'reserved';
  priceBookId: string;
  startedAt: string;
  endedAt: string | null;
  commitment?: { termMonths: number; autoRenew: boolean } | null;
  updatedAt: string;
}

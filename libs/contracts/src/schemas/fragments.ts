import type { SchemaObject } from 'ajv';

/** Subschemas the contract documents share, so one rule has one spelling. */

export const ID: SchemaObject = { type: 'string', format: 'id' };
export const TIMESTAMP: SchemaObject = { type: 'string', format: 'rfc3339-ms' };
export const CURRENCY: SchemaObject = { type: 'string', format: 'currency-code' };
export const PRICING_CLASS: SchemaObject = { type: 'string', enum: ['on_demand', 'spot', 'reserved'] };
/** Bounds one node can hold; a larger count is a unit mistake (GPU-ms sent as a count). */
export const GPU_COUNT: SchemaObject = { type: 'integer', minimum: 1, maximum: 1024 };

export function nullable(schema: SchemaObject): SchemaObject {
  const { type, ...rest } = schema;
  return { ...rest, type: [type as string, 'null'] };
}

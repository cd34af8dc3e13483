import type { SchemaObject } from 'ajv';
import { ID, nullable, TIMESTAMP } from './fragments';

/**
 * The `gpu.usage.v1` CloudEvents 1.0 structured event (CONTRACTS.md §1). Extra properties
 * are allowed: CloudEvents extensions live at the top level, and agents may add measurements
 * before Hourglass reads them. Optional attributes may be null, which CloudEvents' JSON
 * format defines as equivalent to absent.
 */
export const USAGE_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  properties: {
    specversion: { const: '1.0' },
    type: { const: 'gpu.usage.v1' },
    id: ID,
    source: ID,
    time: nullable(TIMESTAMP),
    subject: { type: ['string', 'null'] },
    datacontenttype: { type: ['string', 'null'] },
    data: {
      type: 'object',
      required: [
        'rentalId',
        'operatorId',
        'datacenterId',
        'nodeId',
        'gpuModel',
        'gpuCount',
        'intervalStart',
        'intervalEnd',
      ],
      properties: {
        rentalId: ID,
        operatorId: ID,
        datacenterId: ID,
        nodeId: ID,
        gpuModel: ID,
        gpuCount: { type: 'integer', minimum: 1 },
        intervalStart: TIMESTAMP,
        intervalEnd: TIMESTAMP,
        gpuUtilizationPct: { type: ['number', 'null'], minimum: 0, maximum: 100 },
        energyWh: { type: ['number', 'null'], minimum: 0 },
      },
    },
  },
};

/** The shape `USAGE_EVENT_SCHEMA` guarantees, for code reading a validated payload. */
export interface UsageEventEnvelope {
  specversion: '1.0';
  type: 'gpu.usage.v1';
  id: string;
  source: string;
  time?: string | null;
  subject?: string | null;
  datacontenttype?: string | null;
  data: {
    rentalId: string;
    operatorId: string;
    datacenterId: string;
    nodeId: string;
    gpuModel: string;
    gpuCount: number;
    intervalStart: string;
    intervalEnd: string;
    gpuUtilizationPct?: number | null;
    energyWh?: number | null;
  };
}

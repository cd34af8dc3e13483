/** Contract-form reference documents and events, as CONTRACTS.md shows them. */
export const customer = (over: Record<string, unknown> = {}) => ({
  customerId: 'c-9',
  name: 'Acme AI',
  currency: 'USD',
  country: 'DE',
  updatedAt: '2026-10-01T00:00:00Z',
  ...over,
});

export const priceBook = (over: Record<string, unknown> = {}) => ({
  priceBookId: 'pb-std',
  version: 1,
  effectiveFrom: '2026-01-01T00:00:00Z',
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.49' }],
  ...over,
});

export const rental = (over: Record<string, unknown> = {}) => ({
  rentalId: 'r-123',
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-std',
  startedAt: '2026-10-01T00:00:00Z',
  endedAt: null,
  commitment: null,
  updatedAt: '2026-10-01T00:00:00Z',
  ...over,
});

let counter = 0;
export function usageEvent(over: { id?: string; source?: string; data?: Record<string, unknown>; [k: string]: unknown } = {}) {
  const { data, ...rest } = over;
  return {
    specversion: '1.0',
    id: `evt-${process.pid}-${++counter}`,
    source: 'agent://op-42/dc-fra-1/node-17',
    type: 'gpu.usage.v1',
    time: '2026-10-05T12:01:00.120Z',
    subject: 'rental/r-123',
    datacontenttype: 'application/json',
    ...rest,
    data: {
      rentalId: 'r-123',
      operatorId: 'op-42',
      datacenterId: 'dc-fra-1',
      nodeId: 'node-17',
      gpuModel: 'H100-SXM-80GB',
      gpuCount: 8,
      intervalStart: '2026-10-05T12:00:00.000Z',
      intervalEnd: '2026-10-05T12:01:00.000Z',
      gpuUtilizationPct: 87.5,
      energyWh: 4200,
      ...data,
    },
  };
}

export const SUBJECT = 'usage.v1.op-42.dc-fra-1';

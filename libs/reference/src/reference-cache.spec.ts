import type { PriceBookVersion, Rental } from '@hourglass/contracts';
import { ReferenceCache } from './reference-cache';

const rental = (over: Partial<Rental> = {}): Rental => ({
  rentalId: 'r-1',
  customerId: 'c-1',
  operatorId: 'op-1',
  datacenterId: 'dc-1',
  nodeId: 'n-1',
  gpuModel: 'H100',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb',
  startedAtMs: 0,
  endedAtMs: null,
  commitment: null,
  updatedAtMs: 1_000,
  ...over,
});
const book = (over: Partial<PriceBookVersion> = {}): PriceBookVersion => ({
  priceBookId: 'pb',
  version: 1,
  effectiveFromMs: 0,
  currency: 'USD',
  platformFeeRate: '0.15',
  rates: [],
  ...over,
});

describe('ReferenceCache', () => {
  it.each([
    ['a newer rental replaces the current one', rental({ updatedAtMs: 2_000, gpuCount: 4 }), 'applied', 4],
    ['an older rental is stale', rental({ updatedAtMs: 500, gpuCount: 4 }), 'stale', 8],
    ['the same rental again is unchanged', rental(), 'unchanged', 8],
    ['another rental under the same updatedAt is stale', rental({ gpuCount: 2 }), 'stale', 8],
  ])('%s', (_name, doc, outcome, gpuCount) => {
    const sut = new ReferenceCache();
    sut.apply({ kind: 'rental', doc: rental() });
    expect(sut.apply({ kind: 'rental', doc })).toBe(outcome);
    expect(sut.rental('r-1')!.gpuCount).toBe(gpuCount);
  });

  it('keeps every price book version in order and refuses to change a published one', () => {
    const sut = new ReferenceCache();
    expect(sut.apply({ kind: 'priceBook', doc: book({ version: 2, effectiveFromMs: 10 }) })).toBe('applied');
    expect(sut.apply({ kind: 'priceBook', doc: book({ version: 1 }) })).toBe('applied');
    expect(sut.apply({ kind: 'priceBook', doc: book({ version: 1 }) })).toBe('unchanged');
    expect(sut.apply({ kind: 'priceBook', doc: book({ version: 1, platformFeeRate: '0.2' }) })).toBe('conflict');
    expect(sut.priceBookVersions('pb').map((v) => v.version)).toEqual([1, 2]);
  });
});

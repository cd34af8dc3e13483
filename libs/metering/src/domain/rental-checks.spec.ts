import type { Rental, UsageEvent } from '@hourglass/contracts';
import { checkAgainstRental } from './rental-checks';

const NOV_1 = Date.UTC(2026, 10, 1);
const NOV_26_NOON = Date.UTC(2026, 10, 26, 12);
const DEC_1 = Date.UTC(2026, 11, 1);

/** The rental and event of CONTRACTS.md, normalised. */
const RENTAL: Rental = {
  rentalId: 'r-123',
  customerId: 'c-9',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  pricingClass: 'on_demand',
  priceBookId: 'pb-std',
  startedAtMs: NOV_1,
  endedAtMs: null,
  commitment: null,
  updatedAtMs: NOV_1,
};
const EVENT: UsageEvent = {
  id: '0193a0c4-6b1e-7c3d-9a51-2f6d8e4b7a10',
  source: 'agent://op-42/dc-fra-1/node-17',
  timeMs: NOV_26_NOON + 60_120,
  subject: 'rental/r-123',
  rentalId: 'r-123',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  intervalStartMs: NOV_26_NOON,
  intervalEndMs: NOV_26_NOON + 60_000,
  gpuUtilizationPct: 87.5,
  energyWh: 4200,
};

const MINUTE = 60_000;

describe('checkAgainstRental', () => {
  it('passes the contract example', () => {
    expect(checkAgainstRental(EVENT, RENTAL)).toBeNull();
  });

  it.each<[string, Partial<UsageEvent>, string]>([
    ['another operator', { operatorId: 'op-7' }, 'operatorId is op-7 in the event but op-42 in the rental'],
    ['another datacenter', { datacenterId: 'dc-ams-1' }, 'datacenterId is dc-ams-1 in the event but dc-fra-1 in the rental'],
    ['another node', { nodeId: 'node-18' }, 'nodeId is node-18 in the event but node-17 in the rental'],
    ['another GPU model', { gpuModel: 'A100-80GB' }, 'gpuModel is A100-80GB in the event but H100-SXM-80GB in the rental'],
    ['fewer GPUs', { gpuCount: 4 }, 'gpuCount is 4 in the event but 8 in the rental'],
    [
      'several differences at once',
      { nodeId: 'node-18', gpuCount: 16 },
      'nodeId is node-18 in the event but node-17 in the rental; gpuCount is 16 in the event but 8 in the rental',
    ],
  ])('finds a rental_mismatch for %s', (_name, change, detail) => {
    expect(checkAgainstRental({ ...EVENT, ...change }, RENTAL)).toEqual({ reason: 'rental_mismatch', detail });
  });

  it('reports a mismatch before a window violation', () => {
    const event = { ...EVENT, gpuCount: 4, intervalStartMs: NOV_1 - 2 * MINUTE, intervalEndMs: NOV_1 - MINUTE };
    expect(checkAgainstRental(event, RENTAL)?.reason).toBe('rental_mismatch');
  });

  const ENDED: Rental = { ...RENTAL, endedAtMs: DEC_1 };

  it.each<[string, Rental, number, number, string | null]>([
    ['wholly before the start', RENTAL, NOV_1 - 2 * MINUTE, NOV_1 - MINUTE, 'outside_rental_window'],
    ['ending exactly at the start', RENTAL, NOV_1 - MINUTE, NOV_1, 'outside_rental_window'],
    ['overlapping the start by 1 ms', RENTAL, NOV_1 - MINUTE, NOV_1 + 1, null],
    ['starting exactly at the start', RENTAL, NOV_1, NOV_1 + MINUTE, null],
    ['long after the start of a running rental', RENTAL, DEC_1 + 30 * 86_400_000, DEC_1 + 30 * 86_400_000 + MINUTE, null],
    ['ending exactly at the end', ENDED, DEC_1 - MINUTE, DEC_1, null],
    ['overlapping the end', ENDED, DEC_1 - MINUTE, DEC_1 + MINUTE, null],
    ['starting 1 ms before the end', ENDED, DEC_1 - 1, DEC_1 + MINUTE, null],
    ['starting exactly at the end', ENDED, DEC_1, DEC_1 + MINUTE, 'outside_rental_window'],
    ['wholly after the end', ENDED, DEC_1 + MINUTE, DEC_1 + 2 * MINUTE, 'outside_rental_window'],
  ])('judges an interval %s', (_name, rental, intervalStartMs, intervalEndMs, reason) => {
    expect(checkAgainstRental({ ...EVENT, intervalStartMs, intervalEndMs }, rental)?.reason ?? null).toBe(reason);
  });

  it('says where the window lies', () => {
    expect(checkAgainstRental({ ...EVENT, intervalStartMs: DEC_1, intervalEndMs: DEC_1 + MINUTE }, ENDED)).toEqual({
      reason: 'outside_rental_window',
      detail:
        'interval [2026-12-01T00:00:00.000Z, 2026-12-01T00:01:00.000Z) starts at or after the rental end 2026-12-01T00:00:00.000Z',
    });
    expect(checkAgainstRental({ ...EVENT, intervalStartMs: NOV_1 - MINUTE, intervalEndMs: NOV_1 }, RENTAL)).toEqual({
      reason: 'outside_rental_window',
      detail:
        'interval [2026-10-31T23:59:00.000Z, 2026-11-01T00:00:00.000Z) ends at or before the rental start 2026-11-01T00:00:00.000Z',
    });
  });

  it('refuses to compare an event with another rental than its own', () => {
    expect(() => checkAgainstRental({ ...EVENT, rentalId: 'r-999' }, RENTAL)).toThrow(/r-999/);
  });
});

import fc from 'fast-check';
import { coveredMsOf, expectedGpuMs, expectedOutcomeCounts, expectedRejections } from './expected-usage';
import type { Fleet, FleetRental } from './fleet';
import { buildFleet } from './fleet';
import { generateUsage, type SimulatedMessage } from './usage-generator';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const MIN = 60_000;

function rental(rentalId: string, gpuCount: number, startedAtMs: number, endedAtMs: number | null): FleetRental {
  return {
    rentalId,
    customerId: 'c-1',
    operatorId: 'op-1',
    datacenterId: 'dc-fra-1',
    nodeId: 'node-1',
    gpuModel: 'H100-SXM-80GB',
    gpuCount,
    pricingClass: 'on_demand',
    priceBookId: 'pb-usd',
    startedAt: new Date(startedAtMs).toISOString(),
    endedAt: endedAtMs === null ? null : new Date(endedAtMs).toISOString(),
    commitment: null,
    updatedAt: new Date(startedAtMs).toISOString(),
  };
}

function fleetOf(...rentals: FleetRental[]): Fleet {
  return { seed: 0, idPrefix: '', periodStartMs: T0, periodEndMs: T0 + 60 * MIN, operators: [], customers: [], priceBooks: [], rentals };
}

let nextId = 0;
function good(rentalId: string, startMs: number, endMs: number, id = `e-${++nextId}`): SimulatedMessage {
  const source = 'agent://op-1/dc-fra-1/node-1';
  return {
    subject: 'usage.v1.op-1.dc-fra-1',
    data: JSON.stringify({ id, source, data: { rentalId } }),
    msgId: `${source}|${id}`,
    expected: { kind: 'good', rentalId, intervalStartMs: startMs, intervalEndMs: endMs },
  };
}

function duplicateOf(message: SimulatedMessage): SimulatedMessage {
  return { ...message, expected: { kind: 'duplicate' } };
}

describe('expectedGpuMs', () => {
  const fleet = fleetOf(rental('r-8', 8, T0, null), rental('r-1', 1, T0 + 10 * MIN, T0 + 20 * MIN), rental('r-idle', 2, T0, null));

  it('multiplies covered milliseconds by gpuCount', () => {
    // 8 GPUs × 2 min = 960 000 GPU-ms
    expect(expectedGpuMs(fleet, [good('r-8', T0, T0 + MIN), good('r-8', T0 + MIN, T0 + 2 * MIN)]).get('r-8')).toBe(960_000n);
  });

  it('counts overlapping intervals once', () => {
    // [0, 2 min) ∪ [1 min, 3 min) ∪ [30 s, 90 s) = 3 min; × 8 = 1 440 000
    const messages = [good('r-8', T0, T0 + 2 * MIN), good('r-8', T0 + MIN, T0 + 3 * MIN), good('r-8', T0 + 30_000, T0 + 90_000)];
    expect(expectedGpuMs(fleet, messages).get('r-8')).toBe(1_440_000n);
  });

  it('counts an exact resend once, whatever its label', () => {
    const first = good('r-8', T0, T0 + MIN);
    // 8 × 1 min
    expect(expectedGpuMs(fleet, [first, duplicateOf(first), first]).get('r-8')).toBe(480_000n);
  });

  it('lets the first message with an id win over a later one with another interval', () => {
    const first = good('r-8', T0, T0 + MIN, 'same');
    const later = good('r-8', T0 + 5 * MIN, T0 + 6 * MIN, 'same');
    expect(expectedGpuMs(fleet, [first, later]).get('r-8')).toBe(480_000n);
  });

  it('clips to the rental window', () => {
    // r-1 runs [10 min, 20 min): [5, 12) → [10, 12) and [19, 25) → [19, 20): 3 min × 1 GPU
    const messages = [good('r-1', T0 + 5 * MIN, T0 + 12 * MIN), good('r-1', T0 + 19 * MIN, T0 + 25 * MIN), good('r-1', T0 + 25 * MIN, T0 + 26 * MIN)];
    expect(expectedGpuMs(fleet, messages).get('r-1')).toBe(180_000n);
  });

  it('treats windows as half-open: an interval ending at startedAt covers nothing', () => {
    expect(expectedGpuMs(fleet, [good('r-1', T0 + 9 * MIN, T0 + 10 * MIN)]).get('r-1')).toBe(0n);
    expect(expectedGpuMs(fleet, [good('r-1', T0 + 20 * MIN, T0 + 21 * MIN)]).get('r-1')).toBe(0n);
  });

  it('clips to a span, such as a billing period', () => {
    const messages = [good('r-8', T0, T0 + 10 * MIN)];
    // [0, 10 min) ∩ [4 min, 7 min) = 3 min × 8
    expect(expectedGpuMs(fleet, messages, { fromMs: T0 + 4 * MIN, toMs: T0 + 7 * MIN }).get('r-8')).toBe(1_440_000n);
  });

  it('ignores duplicates and bad messages, and lists idle rentals at zero', () => {
    const bad: SimulatedMessage = { subject: 's', data: '{', msgId: null, expected: { kind: 'bad', reason: 'malformed_json' } };
    const result = expectedGpuMs(fleet, [bad, duplicateOf(good('r-8', T0, T0 + MIN))]);
    expect(result).toEqual(new Map([['r-8', 0n], ['r-1', 0n], ['r-idle', 0n]]));
  });

  it('refuses a good message for a rental it does not know', () => {
    expect(() => expectedGpuMs(fleet, [good('r-ghost', T0, T0 + MIN)])).toThrow(/not in the fleet/);
  });

  it('agrees with a generated fleet whose every step was reported, faults and all', () => {
    const generated = buildFleet({ seed: 4, customers: 3, rentalsPerCustomer: 2, operators: 2, periodStartMs: T0, periodEndMs: T0 + 6 * 60 * MIN });
    const messages = generateUsage(generated, { seed: 4, faults: { resendRate: 0.1, overlapRate: 0.1, outOfOrderRate: 0.1, badRate: 0.1 } });
    const result = expectedGpuMs(generated, messages);
    for (const r of generated.rentals) {
      const loMs = Math.max(Date.parse(r.startedAt), generated.periodStartMs);
      const hiMs = Math.min(r.endedAt === null ? Infinity : Date.parse(r.endedAt), generated.periodEndMs);
      expect([r.rentalId, result.get(r.rentalId)]).toEqual([r.rentalId, BigInt(Math.max(0, hiMs - loMs) * r.gpuCount)]);
    }
  });
});

describe('coveredMsOf', () => {
  it('equals a millisecond-by-millisecond count of the union', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 120 })).map(([s, len]) => [s, s + len] as const);
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (intervals) => {
        const covered = new Uint8Array(500);
        for (const [s, e] of intervals) covered.fill(1, s, e);
        const bruteForceMs = covered.reduce((sum, bit) => sum + bit, 0);
        expect(coveredMsOf(intervals.flat())).toBe(bruteForceMs);
      }),
    );
  });

  it('sorts boundaries as numbers, not as text', () => {
    // As text, 100 000 would sort before 20 000.
    expect(coveredMsOf([20_000, 100_000, 9_000, 10_000])).toBe(81_000);
  });
});

describe('expectedRejections', () => {
  it('counts bad messages by reason', () => {
    const bad = (reason: 'malformed_json' | 'unknown_rental'): SimulatedMessage => ({ subject: 's', data: '{', msgId: null, expected: { kind: 'bad', reason } });
    const messages = [bad('malformed_json'), bad('unknown_rental'), bad('malformed_json'), good('r', T0, T0 + 1)];
    expect(expectedRejections(messages)).toEqual(new Map([['malformed_json', 2], ['unknown_rental', 1]]));
    expect(expectedOutcomeCounts(messages)).toEqual({ good: 1, duplicate: 0, bad: 3, keyedDuplicate: 0 });
  });
});

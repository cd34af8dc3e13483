import { createContractAjv, parseRfc3339Ms, USAGE_EVENT_SCHEMA } from '@hourglass/contracts';
import { buildFleet, type Fleet } from './fleet';
import { DEFAULT_BAD_REASONS, generateUsage, type BadReason, type SimulatedMessage, type UsageOptions } from './usage-generator';

const DAY_MS = 86_400_000;
const NOV_2026 = Date.UTC(2026, 10, 1);

const fleet = buildFleet({
  seed: 3,
  customers: 4,
  rentalsPerCustomer: 3,
  operators: 3,
  periodStartMs: NOV_2026,
  periodEndMs: NOV_2026 + 2 * DAY_MS,
});

const compiled = createContractAjv({ allErrors: false }).compile(USAGE_EVENT_SCHEMA);
/** Not a type guard: `event` stays `any` for the checks after it. */
const validateEvent = (event: unknown): boolean => compiled(event);

/**
 * The checks of CONTRACTS.md §1, in their order, written here from the contract alone (not
 * from the generator), minus future_timestamp (which needs a receipt clock).
 */
function classify(message: SimulatedMessage, known: Fleet): BadReason | 'ok' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an arbitrary payload probed field by field, as the contract reads it
  let event: any;
  try {
    event = JSON.parse(message.data);
  } catch {
    return 'malformed_json';
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'malformed_json';
  if (!validateEvent(event)) return 'schema_violation';
  const data = event.data;
  const startMs = parseRfc3339Ms(data.intervalStart) as number;
  const endMs = parseRfc3339Ms(data.intervalEnd) as number;
  if (endMs <= startMs) return 'invalid_interval';
  if (endMs - startMs > 3_600_000) return 'interval_too_long';
  const [, , subjectOp, subjectDc, ...rest] = message.subject.split('.');
  if (rest.length > 0 || subjectOp !== data.operatorId || subjectDc !== data.datacenterId) return 'source_mismatch';
  if (event.source !== `agent://${data.operatorId}/${data.datacenterId}/${data.nodeId}`) return 'source_mismatch';
  const rental = known.rentals.find((r) => r.rentalId === data.rentalId);
  if (rental === undefined) return 'unknown_rental';
  for (const field of ['operatorId', 'datacenterId', 'nodeId', 'gpuModel', 'gpuCount'] as const) {
    if (rental[field] !== data[field]) return 'rental_mismatch';
  }
  const rentalEndMs = rental.endedAt === null ? Infinity : Date.parse(rental.endedAt);
  if (endMs <= Date.parse(rental.startedAt) || startMs >= rentalEndMs) return 'outside_rental_window';
  return 'ok';
}

function collect(options: UsageOptions, source: Fleet = fleet): SimulatedMessage[] {
  return [...generateUsage(source, options)];
}

describe('generateUsage', () => {
  describe('without faults', () => {
    const messages = collect({ seed: 5 });

    it('is deterministic by seed, and every iteration regenerates the same sequence', () => {
      const iterable = generateUsage(fleet, { seed: 5 });
      const expected = JSON.stringify(messages);
      expect(JSON.stringify([...iterable])).toBe(expected);
      expect(JSON.stringify([...iterable])).toBe(expected);
      expect(collect({ seed: 6 }).map((m) => m.data)).not.toEqual(messages.map((m) => m.data));
    });

    it('emits CloudEvents that pass the contract schema and every check, labelled good', () => {
      expect(messages.length).toBeGreaterThan(1000);
      expect(messages.filter((m) => classify(m, fleet) !== 'ok' || m.expected.kind !== 'good')).toEqual([]);
    });

    it('carries what CONTRACTS.md §1 shows, and a msgId of source|id', () => {
      const message = messages[0] as SimulatedMessage;
      const event = JSON.parse(message.data);
      expect(Object.keys(event)).toEqual(['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data']);
      expect(event).toMatchObject({ specversion: '1.0', type: 'gpu.usage.v1', datacontenttype: 'application/json' });
      expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(event.source).toMatch(/^agent:\/\/op-\d+\/dc-[a-z]{3}-1\/node-\d+$/);
      expect(event.subject).toBe(`rental/${event.data.rentalId}`);
      expect(event.data.intervalStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(message.subject).toBe(`usage.v1.${event.data.operatorId}.${event.data.datacenterId}`);
      expect(message.msgId).toBe(`${event.source}|${event.id}`);
    });

    it('labels each message with the interval and rental its payload names', () => {
      const mislabelled = messages.filter((message) => {
        const { data } = JSON.parse(message.data);
        const e = message.expected;
        return !(
          e.kind === 'good' &&
          e.rentalId === data.rentalId &&
          e.intervalStartMs === Date.parse(data.intervalStart) &&
          e.intervalEndMs === Date.parse(data.intervalEnd)
        );
      });
      expect(mislabelled).toEqual([]);
    });

    it('gives every event its own id', () => {
      expect(new Set(messages.map((m) => m.msgId)).size).toBe(messages.length);
    });

    it('reports every step of every rental, on the step grid, within the rental window', () => {
      const stepMs = 60_000;
      const windowOf = new Map(
        fleet.rentals.map((r) => [
          r.rentalId,
          {
            loMs: Math.max(Date.parse(r.startedAt), fleet.periodStartMs),
            hiMs: Math.min(r.endedAt ? Date.parse(r.endedAt) : Infinity, fleet.periodEndMs),
          },
        ]),
      );
      const covered = new Map<string, number>();
      const misplaced = messages.filter((message) => {
        if (message.expected.kind !== 'good') return true;
        const { rentalId, intervalStartMs, intervalEndMs } = message.expected;
        const { loMs, hiMs } = windowOf.get(rentalId)!;
        covered.set(rentalId, (covered.get(rentalId) ?? 0) + intervalEndMs - intervalStartMs);
        const oneCell = Math.floor(intervalStartMs / stepMs) === Math.floor((intervalEndMs - 1) / stepMs);
        return !(intervalStartMs >= loMs && intervalEndMs <= hiMs && oneCell);
      });
      expect(misplaced).toEqual([]);
      // Sums equal to the window length with no interval outside it: every step reported once.
      for (const [rentalId, { loMs, hiMs }] of windowOf) expect([rentalId, covered.get(rentalId) ?? 0]).toEqual([rentalId, Math.max(0, hiMs - loMs)]);
    });

    it('delivers time-major, as a fleet of agents reporting each step would', () => {
      const starts = messages.map((m) => (m.expected.kind === 'good' ? Math.floor(m.expected.intervalStartMs / 60_000) : 0));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });

    it('honours stepMs and [fromMs, toMs)', () => {
      const fromMs = NOV_2026 + 3_600_000 + 1234;
      const toMs = fromMs + 3_600_000;
      const subset = collect({ seed: 5, stepMs: 300_000, fromMs, toMs });
      expect(subset.length).toBeGreaterThan(0);
      for (const m of subset) {
        if (m.expected.kind !== 'good') throw new Error('expected only good messages');
        expect(m.expected.intervalStartMs).toBeGreaterThanOrEqual(fromMs);
        expect(m.expected.intervalEndMs).toBeLessThanOrEqual(toMs);
        expect(m.expected.intervalEndMs - m.expected.intervalStartMs).toBeLessThanOrEqual(300_000);
      }
    });
  });

  describe('with faults', () => {
    const rate = 0.05;
    const faults = { resendRate: rate, overlapRate: rate, badRate: rate, outOfOrderRate: rate };
    const messages = collect({ seed: 9, faults });
    const regular = collect({ seed: 9 }).length;

    it('keeps the regular reports identical when faults are turned on', () => {
      const delivered = new Set(messages.map((m) => m.data));
      expect(collect({ seed: 9 }).filter((m) => !delivered.has(m.data))).toEqual([]);
    });

    it('honours the fault rates roughly', () => {
      const count = (kind: string) => messages.filter((m) => m.expected.kind === kind).length;
      const tolerance = 0.25;
      expect(count('duplicate') / regular).toBeCloseTo(rate, 1);
      expect(Math.abs(count('duplicate') / regular - rate)).toBeLessThan(rate * tolerance);
      expect(Math.abs((count('good') - regular) / regular - rate)).toBeLessThan(rate * tolerance);
      expect(Math.abs(count('bad') / regular - rate)).toBeLessThan(rate * tolerance);
    });

    it('delays about outOfOrderRate of the messages behind the next one', () => {
      const inOrder = collect({ seed: 9, faults: { ...faults, outOfOrderRate: 0 } });
      expect(inOrder).toHaveLength(messages.length);
      let displaced = 0;
      for (let i = 0; i < messages.length; i++) if (messages[i]?.data !== inOrder[i]?.data) displaced++;
      // Each swap moves two messages; a held message is not itself considered for holding.
      const swaps = displaced / 2;
      const expectedSwaps = (messages.length * rate) / (1 + rate);
      expect(Math.abs(swaps - expectedSwaps)).toBeLessThan(expectedSwaps * 0.25);
    });

    it('labels the first message of an id good and its exact copies duplicate', () => {
      const firstData = new Map<string, string>();
      const wrong: SimulatedMessage[] = [];
      let duplicates = 0;
      for (const m of messages) {
        if (m.expected.kind === 'bad') continue;
        const { source, id } = JSON.parse(m.data);
        const key = `${source}|${id}`;
        const first = firstData.get(key);
        if (first === undefined) {
          if (m.expected.kind !== 'good' || m.msgId !== key) wrong.push(m);
          firstData.set(key, m.data);
        } else {
          duplicates++;
          if (m.expected.kind !== 'duplicate' || m.data !== first || m.msgId !== key) wrong.push(m);
        }
      }
      expect(wrong).toEqual([]);
      expect(duplicates).toBeGreaterThan(0);
    });

    it('makes overlaps new, valid events over time already reported for that rental', () => {
      const reported = new Map<string, Array<[number, number]>>();
      let overlaps = 0;
      const good = messages.filter((m) => m.expected.kind === 'good');
      expect(good.filter((m) => classify(m, fleet) !== 'ok')).toEqual([]);
      for (const m of good) {
        if (m.expected.kind !== 'good') continue;
        const { rentalId, intervalStartMs, intervalEndMs } = m.expected;
        const earlier = reported.get(rentalId) ?? [];
        if (earlier.some(([s, e]) => s < intervalEndMs && intervalStartMs < e)) overlaps++;
        reported.set(rentalId, [...earlier.slice(-20), [intervalStartMs, intervalEndMs]]);
      }
      expect(Math.abs(overlaps / regular - rate)).toBeLessThan(rate * 0.3);
    });

    it('breaks each bad event in exactly the way its reason says, with msgId null only when malformed', () => {
      const seen = new Map<string, number>();
      for (const m of messages) {
        if (m.expected.kind !== 'bad') continue;
        expect(classify(m, fleet)).toBe(m.expected.reason);
        expect(m.msgId === null).toBe(m.expected.reason === 'malformed_json');
        seen.set(m.expected.reason, (seen.get(m.expected.reason) ?? 0) + 1);
      }
      expect([...seen.keys()].sort()).toEqual([...DEFAULT_BAD_REASONS].sort());
    });

    it('can also provoke rental_mismatch and outside_rental_window', () => {
      const reasons: BadReason[] = ['rental_mismatch', 'outside_rental_window'];
      const bad = collect({ seed: 1, faults: { badRate: 0.2, badReasons: reasons } }).filter((m) => m.expected.kind === 'bad');
      expect(bad.length).toBeGreaterThan(100);
      for (const m of bad) expect(classify(m, fleet)).toBe(m.expected.kind === 'bad' ? m.expected.reason : 'ok');
      expect(new Set(bad.map((m) => classify(m, fleet)))).toEqual(new Set(reasons));
    });

    it('sends resendUnkeyedShare of the resends without msgId', () => {
      const dups = collect({ seed: 2, faults: { resendRate: 0.2, resendUnkeyedShare: 0.5 } }).filter((m) => m.expected.kind === 'duplicate');
      const unkeyed = dups.filter((m) => m.msgId === null).length;
      expect(unkeyed / dups.length).toBeGreaterThan(0.4);
      expect(unkeyed / dups.length).toBeLessThan(0.6);
    });

    it('gives every event that is not a resend its own id', () => {
      const ids = messages.filter((m) => m.expected.kind !== 'duplicate' && m.msgId !== null).map((m) => m.msgId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  it('is lazy: the first messages of a year-long, thousand-rental fleet come at once', () => {
    const big = buildFleet({ seed: 1, customers: 100, rentalsPerCustomer: 10, operators: 20, periodStartMs: NOV_2026, periodEndMs: NOV_2026 + 365 * DAY_MS });
    const started = Date.now();
    const first: SimulatedMessage[] = [];
    for (const m of generateUsage(big, { seed: 1, faults: { resendRate: 0.1, outOfOrderRate: 0.1 } })) {
      first.push(m);
      if (first.length === 10) break;
    }
    expect(first).toHaveLength(10);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each<[string, UsageOptions]>([
    ['a step over an hour', { seed: 1, stepMs: 3_600_001 }],
    ['a zero step', { seed: 1, stepMs: 0 }],
    ['a rate above 1', { seed: 1, faults: { badRate: 1.5 } }],
    ['a negative rate', { seed: 1, faults: { resendRate: -0.1 } }],
    ['toMs before fromMs', { seed: 1, fromMs: NOV_2026 + 1, toMs: NOV_2026 }],
    ['no reasons to draw bad events from', { seed: 1, faults: { badRate: 0.1, badReasons: [] } }],
  ])('refuses %s', (_name, options) => {
    expect(() => generateUsage(fleet, options)).toThrow(RangeError);
  });
});

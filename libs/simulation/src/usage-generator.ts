import { gpuModelSpec, iso, type Fleet, type FleetRental } from './fleet';
import { Rng } from './prng';
import { MS_PER_HOUR } from '@hourglass/time';

/** The rejection reasons a simulator can provoke deterministically (future_timestamp depends on the receipt clock). */
export type BadReason =
  | 'malformed_json'
  | 'schema_violation'
  | 'invalid_interval'
  | 'interval_too_long'
  | 'source_mismatch'
  | 'unknown_rental'
  | 'rental_mismatch'
  | 'outside_rental_window';

export const DEFAULT_BAD_REASONS: readonly BadReason[] = [
  'malformed_json',
  'schema_violation',
  'invalid_interval',
  'interval_too_long',
  'source_mismatch',
  'unknown_rental',
];

export type ExpectedOutcome =
  | { kind: 'good'; rentalId: string; intervalStartMs: number; intervalEndMs: number }
  | { kind: 'duplicate' }
  | { kind: 'bad'; reason: BadReason };

export interface SimulatedMessage {
  /** NATS subject, `usage.v1.<operatorId>.<datacenterId>`. */
  subject: string;
  /** The exact payload to publish. */
  data: string;
  /** `Nats-Msg-Id`: `${source}|${id}`; null for malformed payloads (and unkeyed resends). */
  msgId: string | null;
  expected: ExpectedOutcome;
}

/**
 * Fault rates are probabilities in [0, 1]. `resendRate`, `overlapRate` and `badRate` apply per
 * regular report (one rental, one step) and each adds a message near it; `outOfOrderRate`
 * applies per delivered message and delays it behind the next one.
 */
export interface UsageFaults {
  /** An exact copy (same id, same bytes) delivered 1..50 messages later. */
  resendRate?: number;
  /**
   * Share of resends published without `Nats-Msg-Id`: those pass JetStream's duplicate window
   * and reach Hourglass's own (source, id) deduplication. Default 0.
   */
  resendUnkeyedShare?: number;
  /** A new id whose interval overlaps time already reported (an agent restart re-reporting). */
  overlapRate?: number;
  /** A message is delivered after the one that follows it. */
  outOfOrderRate?: number;
  /** An invalid event, its reason drawn evenly from `badReasons`. */
  badRate?: number;
  /** Default DEFAULT_BAD_REASONS. */
  badReasons?: readonly BadReason[];
}

export interface UsageOptions {
  seed: number;
  /** Agents report on a grid of this step (epoch-aligned); default 60 000, at most 3 600 000. */
  stepMs?: number;
  /** Default: the fleet's period. */
  fromMs?: number;
  toMs?: number;
  faults?: UsageFaults;
}

const INTERVAL_MS_MAX = MS_PER_HOUR;
const RESEND_DELAY_MAX = 50;

interface RentalPlan {
  rental: FleetRental;
  /** Reporting window: the rental's [startedAt, endedAt) clipped to [fromMs, toMs). */
  loMs: number;
  hiMs: number;
  startedAtMs: number;
  source: string;
  subject: string;
  watts: number;
}

/** Internal: a message with the (source, id) key it carries even when published unkeyed. */
interface Pending {
  message: SimulatedMessage;
  eventKey: string | null;
}

/**
 * Usage events from every rental of the fleet, in delivery order, with what Hourglass must
 * do with each. Lazy, so a million messages never sit in memory at once, and re-iterable:
 * every iteration regenerates the identical sequence from the seed, so a test can publish it
 * and feed it to the oracle without keeping a copy.
 *
 * Labels hold in delivery order: a resend never overtakes its original, so the first
 * message with an id is the 'good' one and its copies are 'duplicate'.
 */
export function generateUsage(fleet: Fleet, options: UsageOptions): Iterable<SimulatedMessage> {
  const resolved = resolveOptions(fleet, options);
  return {
    [Symbol.iterator]: () => deliver(fleet, resolved),
  };
}

interface ResolvedOptions {
  seed: number;
  stepMs: number;
  fromMs: number;
  toMs: number;
  resendRate: number;
  resendUnkeyedShare: number;
  overlapRate: number;
  outOfOrderRate: number;
  badRate: number;
  badReasons: readonly BadReason[];
}

function resolveOptions(fleet: Fleet, options: UsageOptions): ResolvedOptions {
  const faults = options.faults ?? {};
  const resolved: ResolvedOptions = {
    seed: options.seed,
    stepMs: options.stepMs ?? 60_000,
    fromMs: options.fromMs ?? fleet.periodStartMs,
    toMs: options.toMs ?? fleet.periodEndMs,
    resendRate: faults.resendRate ?? 0,
    resendUnkeyedShare: faults.resendUnkeyedShare ?? 0,
    overlapRate: faults.overlapRate ?? 0,
    outOfOrderRate: faults.outOfOrderRate ?? 0,
    badRate: faults.badRate ?? 0,
    badReasons: faults.badReasons ?? DEFAULT_BAD_REASONS,
  };
  if (!Number.isSafeInteger(resolved.seed)) throw new RangeError(`seed must be a safe integer, got ${resolved.seed}`);
  if (!Number.isSafeInteger(resolved.stepMs) || resolved.stepMs < 1 || resolved.stepMs > INTERVAL_MS_MAX) {
    throw new RangeError(`stepMs must be an integer in [1, ${INTERVAL_MS_MAX}], got ${resolved.stepMs}`);
  }
  if (!Number.isSafeInteger(resolved.fromMs) || !Number.isSafeInteger(resolved.toMs) || resolved.toMs < resolved.fromMs) {
    throw new RangeError(`[fromMs, toMs) = [${resolved.fromMs}, ${resolved.toMs}) must be integer ms with from <= to`);
  }
  for (const name of ['resendRate', 'resendUnkeyedShare', 'overlapRate', 'outOfOrderRate', 'badRate'] as const) {
    const rate = resolved[name];
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.${name} must be in [0, 1], got ${rate}`);
  }
  if (resolved.badRate > 0 && resolved.badReasons.length === 0) throw new RangeError('faults.badReasons is empty but badRate > 0');
  for (const reason of resolved.badReasons) {
    if (!BAD_BUILDERS[reason]) throw new RangeError(`faults.badReasons: ${reason} cannot be simulated`);
  }
  return resolved;
}

function* deliver(fleet: Fleet, options: ResolvedOptions): Generator<SimulatedMessage> {
  // Separate PRNG streams: the fault decisions never shift the good events' ids or measurements.
  const dataRng = new Rng(options.seed, `usage:data:${fleet.idPrefix}`);
  const faultRng = new Rng(options.seed, `usage:faults:${fleet.idPrefix}`);
  const orderRng = new Rng(options.seed, `usage:order:${fleet.idPrefix}`);
  const regularIds = new IdSource(options.seed, fleet.idPrefix, 0);
  const faultIds = new IdSource(options.seed, fleet.idPrefix, 1);
  const reports = withFaults(reportsOf(fleet, options, regularIds, dataRng), options, faultIds, faultRng);
  for (const pending of reorder(reports, options.outOfOrderRate, orderRng)) yield pending.message;
}

/** Regular reports: time-major, every active rental once per step, as a fleet of agents would send them. */
function* reportsOf(fleet: Fleet, options: ResolvedOptions, ids: IdSource, rng: Rng): Generator<Report> {
  const plans = planRentals(fleet, options);
  if (plans.length === 0) return;
  const { stepMs } = options;
  // A loop, not Math.min(...spread): a spread of 100k rentals overflows the call stack.
  let firstLoMs = Number.POSITIVE_INFINITY;
  let lastHiMs = Number.NEGATIVE_INFINITY;
  for (const plan of plans) {
    firstLoMs = Math.min(firstLoMs, plan.loMs);
    lastHiMs = Math.max(lastHiMs, plan.hiMs);
  }
  for (let cellMs = Math.floor(firstLoMs / stepMs) * stepMs; cellMs < lastHiMs; cellMs += stepMs) {
    const cellEndMs = cellMs + stepMs;
    for (const plan of plans) {
      if (plan.loMs >= cellEndMs || plan.hiMs <= cellMs) continue;
      const startMs = Math.max(cellMs, plan.loMs);
      const endMs = Math.min(cellEndMs, plan.hiMs);
      yield { plan, ...goodEvent(plan, startMs, endMs, ids, rng) };
    }
  }
}

function planRentals(fleet: Fleet, options: ResolvedOptions): RentalPlan[] {
  const operators = new Set(fleet.operators.map((o) => o.operatorId));
  const plans: RentalPlan[] = [];
  for (const rental of fleet.rentals) {
    if (!operators.has(rental.operatorId)) throw new Error(`rental ${rental.rentalId} names operator ${rental.operatorId}, not in the fleet`);
    const startedAtMs = Date.parse(rental.startedAt);
    const endedAtMs = rental.endedAt === null ? Number.POSITIVE_INFINITY : Date.parse(rental.endedAt);
    const loMs = Math.max(startedAtMs, options.fromMs);
    const hiMs = Math.min(endedAtMs, options.toMs);
    if (hiMs <= loMs) continue;
    plans.push({
      rental,
      loMs,
      hiMs,
      startedAtMs,
      source: sourceOf(rental.operatorId, rental.datacenterId, rental.nodeId),
      subject: subjectOf(rental.operatorId, rental.datacenterId),
      watts: gpuModelSpec(rental.gpuModel)?.watts ?? 400,
    });
  }
  return plans;
}

interface Report {
  plan: RentalPlan;
  event: UsageEventJson;
  data: string;
  eventKey: string;
}

interface UsageEventJson {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: string;
  data: Record<string, unknown>;
}

function goodEvent(plan: RentalPlan, startMs: number, endMs: number, ids: IdSource, rng: Rng): Omit<Report, 'plan'> {
  const { rental } = plan;
  const utilizationPct = rng.chance(0.2) ? rng.int(0, 100) / 10 : rng.int(600, 1000) / 10;
  const measurements: Record<string, number> = {};
  // CONTRACTS.md §1 makes both measurements optional; a few agents leave them out.
  if (!rng.chance(0.05)) {
    const powerW = plan.watts * rental.gpuCount * (0.15 + (0.85 * utilizationPct) / 100);
    measurements.gpuUtilizationPct = utilizationPct;
    measurements.energyWh = Math.round((powerW * (endMs - startMs)) / MS_PER_HOUR * 10) / 10;
  }
  const event: UsageEventJson = {
    specversion: '1.0',
    id: ids.next(),
    source: plan.source,
    type: 'gpu.usage.v1',
    time: iso(endMs + rng.int(0, 1500)),
    subject: `rental/${rental.rentalId}`,
    datacontenttype: 'application/json',
    data: {
      rentalId: rental.rentalId,
      operatorId: rental.operatorId,
      datacenterId: rental.datacenterId,
      nodeId: rental.nodeId,
      gpuModel: rental.gpuModel,
      gpuCount: rental.gpuCount,
      intervalStart: iso(startMs),
      intervalEnd: iso(endMs),
      ...measurements,
    },
  };
  return { event, data: JSON.stringify(event), eventKey: `${event.source}|${event.id}` };
}

function goodMessage(plan: RentalPlan, report: Omit<Report, 'plan'>, startMs: number, endMs: number): Pending {
  return {
    message: {
      subject: plan.subject,
      data: report.data,
      msgId: report.eventKey,
      expected: { kind: 'good', rentalId: plan.rental.rentalId, intervalStartMs: startMs, intervalEndMs: endMs },
    },
    eventKey: report.eventKey,
  };
}

/**
 * Adds overlaps, bad events and delayed resends around the regular reports. Resends wait in a
 * small queue keyed by delivery position, so memory stays bounded by rate × 50.
 */
function* withFaults(reports: Iterable<Report>, options: ResolvedOptions, ids: IdSource, rng: Rng): Generator<Pending> {
  let position = 0;
  let resends: Array<{ duePosition: number; pending: Pending }> = [];
  function* due(): Generator<Pending> {
    if (resends.length === 0 || resends.every((r) => r.duePosition > position)) return;
    const ready = resends.filter((r) => r.duePosition <= position).sort((a, b) => a.duePosition - b.duePosition);
    resends = resends.filter((r) => r.duePosition > position);
    for (const r of ready) {
      position++;
      yield r.pending;
    }
  }

  for (const report of reports) {
    const { plan } = report;
    const startMs = Date.parse(report.event.data.intervalStart as string);
    const endMs = Date.parse(report.event.data.intervalEnd as string);
    const batch: Pending[] = [goodMessage(plan, report, startMs, endMs)];
    if (rng.chance(options.resendRate)) {
      const unkeyed = rng.chance(options.resendUnkeyedShare);
      resends.push({
        duePosition: position + rng.int(1, RESEND_DELAY_MAX),
        pending: {
          message: { subject: plan.subject, data: report.data, msgId: unkeyed ? null : report.eventKey, expected: { kind: 'duplicate' } },
          eventKey: report.eventKey,
        },
      });
    }
    if (rng.chance(options.overlapRate)) batch.push(overlapMessage(plan, startMs, endMs, options.stepMs, ids, rng));
    if (rng.chance(options.badRate)) batch.push(badMessage(rng.pick(options.badReasons), plan, report, options.stepMs, ids, rng));
    for (const pending of batch) {
      position++;
      yield pending;
      yield* due();
    }
  }
  resends.sort((a, b) => a.duePosition - b.duePosition);
  for (const r of resends) yield r.pending;
}

/**
 * An agent that restarted re-reports time it may already have sent, under new ids: the same
 * interval again, a shifted one, or a catch-up interval over the last few steps. All stay
 * within the rental's reporting window and within the contract's 3600 s.
 */
function overlapMessage(plan: RentalPlan, startMs: number, endMs: number, stepMs: number, ids: IdSource, rng: Rng): Pending {
  let fromMs: number;
  let toMs: number;
  switch (rng.pick(['same', 'shifted', 'catchUp'] as const)) {
    case 'same':
      fromMs = startMs;
      toMs = endMs;
      break;
    case 'shifted':
      fromMs = Math.max(plan.loMs, startMs - rng.int(1, stepMs));
      toMs = Math.min(plan.hiMs, fromMs + rng.int(1, stepMs));
      break;
    case 'catchUp':
      fromMs = Math.max(plan.loMs, startMs - rng.int(1, 5) * stepMs, endMs - INTERVAL_MS_MAX);
      toMs = endMs;
      break;
  }
  if (toMs <= fromMs) {
    fromMs = startMs;
    toMs = endMs;
  }
  const report = goodEvent(plan, fromMs, toMs, ids, rng);
  return goodMessage(plan, report, fromMs, toMs);
}

type BadBuilder = (plan: RentalPlan, report: Report, stepMs: number, ids: IdSource, rng: Rng) => { subject?: string; data: string; keyed: boolean };

/**
 * Each builder breaks exactly one rule and keeps every earlier check of CONTRACTS.md §1
 * passing, so the reason Hourglass must give is unambiguous.
 */
const BAD_BUILDERS: Record<BadReason, BadBuilder> = {
  malformed_json: (_plan, report, _stepMs, _ids, rng) => {
    const variants = [
      () => report.data.slice(0, rng.int(1, report.data.length - 1)),
      () => `[${report.data}]`,
      () => JSON.stringify('gpu usage'),
      () => 'null',
      () => String(rng.int(0, 1_000_000)),
      () => `usage ${report.event.data.rentalId} ok`,
    ];
    return { data: rng.pick(variants)(), keyed: false };
  },
  schema_violation: (_plan, report, _stepMs, ids, rng) => {
    const event = clone(report.event, ids);
    const data = event.data;
    const variants = [
      () => delete data.gpuCount,
      () => (data.gpuCount = String(data.gpuCount)),
      () => (event.type = 'gpu.usage.v2'),
      () => (event.specversion = '0.3'),
      () => (data.intervalStart = (data.intervalStart as string).replace(/\.\d{3}Z$/, '')),
      () => (data.rentalId = ''),
      () => (data.gpuUtilizationPct = 100 + rng.int(1, 400) / 10),
      () => delete data.intervalEnd,
    ];
    rng.pick(variants)();
    return { data: JSON.stringify(event), keyed: true };
  },
  invalid_interval: (_plan, report, _stepMs, ids, rng) => {
    const event = clone(report.event, ids);
    const { intervalStart, intervalEnd } = event.data;
    if (rng.chance(0.5)) event.data.intervalEnd = intervalStart;
    else Object.assign(event.data, { intervalStart: intervalEnd, intervalEnd: intervalStart });
    return { data: JSON.stringify(event), keyed: true };
  },
  interval_too_long: (_plan, report, _stepMs, ids, rng) => {
    const event = clone(report.event, ids);
    const endMs = Date.parse(event.data.intervalEnd as string);
    event.data.intervalStart = iso(endMs - INTERVAL_MS_MAX - rng.int(1, 3 * INTERVAL_MS_MAX));
    return { data: JSON.stringify(event), keyed: true };
  },
  source_mismatch: (plan, report, _stepMs, ids, rng) => {
    const event = clone(report.event, ids);
    if (rng.chance(0.5)) {
      const { operatorId, datacenterId } = plan.rental;
      event.source = sourceOf(operatorId, datacenterId, `node-misconfigured-${rng.int(1, 99)}`);
      return { data: JSON.stringify(event), keyed: true };
    }
    return { subject: subjectOf(plan.rental.operatorId, `dc-elsewhere-${rng.int(1, 9)}`), data: JSON.stringify(event), keyed: true };
  },
  unknown_rental: (plan, report, _stepMs, ids) => {
    const event = clone(report.event, ids);
    // Never a real rental id, not even of a later fleet with the same prefix.
    const rentalId = `${plan.rental.rentalId}-ghost-${event.id.slice(0, 8)}`;
    event.data.rentalId = rentalId;
    event.subject = `rental/${rentalId}`;
    return { data: JSON.stringify(event), keyed: true };
  },
  rental_mismatch: (plan, report, _stepMs, ids) => {
    const event = clone(report.event, ids);
    event.data.gpuCount = plan.rental.gpuCount === 8 ? 4 : plan.rental.gpuCount * 2;
    return { data: JSON.stringify(event), keyed: true };
  },
  outside_rental_window: (plan, report, stepMs, ids) => {
    const event = clone(report.event, ids);
    event.data.intervalStart = iso(plan.startedAtMs - 2 * stepMs);
    event.data.intervalEnd = iso(plan.startedAtMs - stepMs);
    return { data: JSON.stringify(event), keyed: true };
  },
};

function badMessage(reason: BadReason, plan: RentalPlan, report: Report, stepMs: number, ids: IdSource, rng: Rng): Pending {
  const built = BAD_BUILDERS[reason](plan, report, stepMs, ids, rng);
  let eventKey: string | null = null;
  if (built.keyed) {
    const parsed = JSON.parse(built.data) as { source: string; id: string };
    eventKey = `${parsed.source}|${parsed.id}`;
  }
  return {
    message: { subject: built.subject ?? plan.subject, data: built.data, msgId: eventKey, expected: { kind: 'bad', reason } },
    eventKey,
  };
}

/** A fresh id on every bad event: a bad copy of a good event's id would be a duplicate, not a rejection. */
function clone(event: UsageEventJson, ids: IdSource): UsageEventJson {
  return { ...event, id: ids.next(), data: { ...event.data } };
}

/**
 * Delivers a message after the one that follows it, with one exception: a message is never
 * delayed behind its own resend, or the copy would arrive first and the labels would be wrong.
 */
function* reorder(messages: Iterable<Pending>, rate: number, rng: Rng): Generator<Pending> {
  let held: Pending | null = null;
  for (const pending of messages) {
    if (held !== null) {
      const sameEvent = held.eventKey !== null && held.eventKey === pending.eventKey;
      if (sameEvent) yield held;
      yield pending;
      if (!sameEvent) yield held;
      held = null;
    } else if (rng.chance(rate)) {
      held = pending;
    } else {
      yield pending;
    }
  }
  if (held !== null) yield held;
}

export function sourceOf(operatorId: string, datacenterId: string, nodeId: string): string {
  return `agent://${operatorId}/${datacenterId}/${nodeId}`;
}

export function subjectOf(operatorId: string, datacenterId: string): string {
  return `usage.v1.${operatorId}.${datacenterId}`;
}

/**
 * UUID-shaped ids (RFC 9562 version 8, "custom"), unique within one generation by
 * construction: the last 48 bits are a counter offset by a per-seed salt, even for regular
 * reports and odd for fault-made events, whose ids come from their own source so that
 * turning faults on leaves the regular reports byte for byte the same. Random bits alone
 * would not do: a 32-bit PRNG state makes collisions likely within a million draws.
 */
class IdSource {
  private readonly rng: Rng;
  private readonly salt: number;
  private counter: number;

  constructor(seed: number, idPrefix: string, parity: 0 | 1) {
    const saltRng = new Rng(seed, `usage:ids:${idPrefix}`);
    this.salt = saltRng.u32() * 65_536 + (saltRng.u32() >>> 16);
    this.rng = new Rng(seed, `usage:ids:${idPrefix}:${parity}`);
    this.counter = parity;
  }

  next(): string {
    const a = this.rng.u32();
    const b = this.rng.u32();
    const c = this.rng.u32();
    const tail = (this.salt + this.counter) % TAIL_MODULUS;
    this.counter += 2;
    return (
      hex(a, 8) +
      '-' +
      hex(b >>> 16, 4) +
      '-8' +
      hex(b & 0xfff, 3) +
      '-' +
      hex(0x8000 | (c & 0x3fff), 4) +
      '-' +
      hex(tail, 12)
    );
  }
}

const TAIL_MODULUS = 2 ** 48;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

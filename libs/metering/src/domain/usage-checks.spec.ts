import type { RejectionReason, UsageEvent } from '@hourglass/contracts';
import { checkEnvelope, DEFAULT_CHECK_LIMITS, type EnvelopeResult } from './usage-checks';

/** The example event of CONTRACTS.md §1. */
const EXAMPLE = {
  specversion: '1.0',
  id: '0193a0c4-6b1e-7c3d-9a51-2f6d8e4b7a10',
  source: 'agent://op-42/dc-fra-1/node-17',
  type: 'gpu.usage.v1',
  time: '2026-11-26T12:01:00.120Z',
  subject: 'rental/r-123',
  datacontenttype: 'application/json',
  data: {
    rentalId: 'r-123',
    operatorId: 'op-42',
    datacenterId: 'dc-fra-1',
    nodeId: 'node-17',
    gpuModel: 'H100-SXM-80GB',
    gpuCount: 8,
    intervalStart: '2026-11-26T12:00:00.000Z',
    intervalEnd: '2026-11-26T12:01:00.000Z',
    gpuUtilizationPct: 87.5,
    energyWh: 4200,
  },
};
const SUBJECT = 'usage.v1.op-42.dc-fra-1';
const RECEIVED_AT_MS = Date.UTC(2026, 10, 26, 12, 1, 0, 250);
const NOON = Date.UTC(2026, 10, 26, 12);

type Json = Record<string, unknown>;

/** The example with top-level and `data` fields replaced; `undefined` removes a field. */
function event(change: Json = {}, dataChange: Json = {}): Json {
  return withChange({ ...EXAMPLE, data: withChange({ ...EXAMPLE.data }, dataChange) }, change);
}

function withChange(target: Json, change: Json): Json {
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  return target;
}

function check(payload: unknown, subject = SUBJECT, receivedAtMs = RECEIVED_AT_MS): EnvelopeResult {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return checkEnvelope(new TextEncoder().encode(text), subject, receivedAtMs);
}

function reasonOf(result: EnvelopeResult): RejectionReason | 'accepted' {
  return result.ok ? 'accepted' : result.reason;
}

const EXPECTED_EVENT: UsageEvent = {
  id: '0193a0c4-6b1e-7c3d-9a51-2f6d8e4b7a10',
  source: 'agent://op-42/dc-fra-1/node-17',
  timeMs: NOON + 60_120,
  subject: 'rental/r-123',
  rentalId: 'r-123',
  operatorId: 'op-42',
  datacenterId: 'dc-fra-1',
  nodeId: 'node-17',
  gpuModel: 'H100-SXM-80GB',
  gpuCount: 8,
  intervalStartMs: NOON,
  intervalEndMs: NOON + 60_000,
  gpuUtilizationPct: 87.5,
  energyWh: 4200,
};

describe('checkEnvelope: accepted events', () => {
  it('accepts the contract example and normalises it', () => {
    expect(check(EXAMPLE)).toEqual({ ok: true, event: EXPECTED_EVENT });
  });

  it('gives the same answer for a string payload as for its bytes', () => {
    expect(checkEnvelope(JSON.stringify(EXAMPLE), SUBJECT, RECEIVED_AT_MS)).toEqual(check(EXAMPLE));
  });

  it('reads optional attributes and measurements that are absent or null as null', () => {
    const absent = check(
      event({ time: undefined, subject: undefined, datacontenttype: undefined }, { gpuUtilizationPct: undefined, energyWh: undefined }),
    );
    const nulls = check(event({ time: null, subject: null, datacontenttype: null }, { gpuUtilizationPct: null, energyWh: null }));
    const expected = { ok: true, event: { ...EXPECTED_EVENT, timeMs: null, subject: null, gpuUtilizationPct: null, energyWh: null } };
    expect(absent).toEqual(expected);
    expect(nulls).toEqual(expected);
  });

  it('normalises interval timestamps written with an offset to UTC', () => {
    const result = check(event({}, { intervalStart: '2026-11-26T13:00:00+01:00', intervalEnd: '2026-11-26T07:01:00.000-05:00' }));
    expect(result.ok && [result.event.intervalStartMs, result.event.intervalEndMs]).toEqual([NOON, NOON + 60_000]);
  });

  it('ignores CloudEvents extensions and unknown data fields', () => {
    expect(check(event({ traceparent: '00-abc-def-01' }, { memoryUsedMiB: 70_000 }))).toEqual({ ok: true, event: EXPECTED_EVENT });
  });

  it.each([
    ['an interval of exactly 3600 s', { intervalStart: '2026-11-26T11:01:00.000Z', intervalEnd: '2026-11-26T12:01:00.000Z' }],
    ['an end exactly 300 s after receipt', { intervalStart: '2026-11-26T12:05:00.000Z', intervalEnd: '2026-11-26T12:06:00.250Z' }],
    ['an interval of 1 ms', { intervalStart: '2026-11-26T12:00:00.000Z', intervalEnd: '2026-11-26T12:00:00.001Z' }],
    ['0 % utilisation and 0 Wh', { gpuUtilizationPct: 0, energyWh: 0 }],
    ['100 % utilisation', { gpuUtilizationPct: 100 }],
  ])('accepts %s', (_name, dataChange) => {
    expect(reasonOf(check(event({}, dataChange)))).toBe('accepted');
  });
});

describe('checkEnvelope: malformed_json', () => {
  it.each<[string, Uint8Array | string, string]>([
    ['text that is not JSON', 'usage: 8 GPUs', 'payload is not JSON: '],
    ['an empty payload', '', 'payload is not JSON: '],
    ['truncated JSON', JSON.stringify(EXAMPLE).slice(0, 100), 'payload is not JSON: '],
    ['a JSON array', JSON.stringify([EXAMPLE]), 'payload is JSON array, not an object'],
    ['JSON null', 'null', 'payload is JSON null, not an object'],
    ['a JSON string', JSON.stringify(JSON.stringify(EXAMPLE)), 'payload is JSON string, not an object'],
    ['a JSON number', '42', 'payload is JSON number, not an object'],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'payload is not valid UTF-8'],
    ['a byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(EXAMPLE))]), 'payload is not JSON: '],
  ])('rejects %s', (_name, payload, detailStart) => {
    const result = checkEnvelope(payload, SUBJECT, RECEIVED_AT_MS);
    expect(result).toMatchObject({ ok: false, reason: 'malformed_json', source: null, id: null });
    expect(!result.ok && result.detail.startsWith(detailStart)).toBe(true);
  });
});

describe('checkEnvelope: schema_violation', () => {
  const TIMESTAMP = 'must be an RFC 3339 timestamp with an offset and at most millisecond precision';

  it.each<[string, Json, Json, string]>([
    ['specversion 0.3', { specversion: '0.3' }, {}, 'specversion: must be "1.0"'],
    ['specversion as a number', { specversion: 1.0 }, {}, 'specversion: must be "1.0"'],
    ['another event type', { type: 'gpu.usage.v2' }, {}, 'type: must be "gpu.usage.v1"'],
    ['no id', { id: undefined }, {}, 'id: is required'],
    ['an empty id', { id: '' }, {}, 'id: must be a non-empty string of at most 256 characters'],
    ['a numeric id', { id: 42 }, {}, 'id: must be string'],
    ['an empty source', { source: '' }, {}, 'source: must be a non-empty string of at most 256 characters'],
    ['an id of 257 characters', { id: 'x'.repeat(257) }, {}, 'id: must be a non-empty string of at most 256 characters'],
    ['a time without offset', { time: '2026-11-26T12:01:00' }, {}, `time: ${TIMESTAMP}`],
    ['a numeric subject', { subject: 7 }, {}, 'subject: must be string or null'],
    ['a non-string datacontenttype', { datacontenttype: true }, {}, 'datacontenttype: must be string or null'],
    ['no data', { data: undefined }, {}, 'data: is required'],
    ['data as an array', { data: [EXAMPLE.data] }, {}, 'data: must be object'],
    ['data_base64 instead of data', { data: undefined, data_base64: 'e30=' }, {}, 'data: is required'],
    ['no rentalId', {}, { rentalId: undefined }, 'data.rentalId: is required'],
    ['an empty nodeId', {}, { nodeId: '' }, 'data.nodeId: must be a non-empty string of at most 256 characters'],
    ['zero GPUs', {}, { gpuCount: 0 }, 'data.gpuCount: must be >= 1'],
    ['a fractional GPU count', {}, { gpuCount: 7.5 }, 'data.gpuCount: must be integer'],
    ['a GPU count as a string', {}, { gpuCount: '8' }, 'data.gpuCount: must be integer'],
    ['no intervalEnd', {}, { intervalEnd: undefined }, 'data.intervalEnd: is required'],
    ['microseconds', {}, { intervalStart: '2026-11-26T12:00:00.000001Z' }, `data.intervalStart: ${TIMESTAMP}`],
    ['four fraction digits', {}, { intervalEnd: '2026-11-26T12:01:00.0000Z' }, `data.intervalEnd: ${TIMESTAMP}`],
    ['a bad offset', {}, { intervalEnd: '2026-11-26T12:01:00+25:00' }, `data.intervalEnd: ${TIMESTAMP}`],
    ['an epoch number', {}, { intervalStart: NOON }, 'data.intervalStart: must be string'],
    ['February 30', {}, { intervalStart: '2026-02-30T12:00:00Z' }, `data.intervalStart: ${TIMESTAMP}`],
    ['utilisation over 100 %', {}, { gpuUtilizationPct: 100.5 }, 'data.gpuUtilizationPct: must be <= 100'],
    ['negative utilisation', {}, { gpuUtilizationPct: -1 }, 'data.gpuUtilizationPct: must be >= 0'],
    ['utilisation as a string', {}, { gpuUtilizationPct: '87.5' }, 'data.gpuUtilizationPct: must be number or null'],
    ['negative energy', {}, { energyWh: -0.5 }, 'data.energyWh: must be >= 0'],
  ])('rejects %s', (_name, change, dataChange, detail) => {
    expect(check(event(change, dataChange))).toEqual({
      ok: false,
      reason: 'schema_violation',
      detail,
      source: 'source' in change ? null : EXAMPLE.source,
      id: 'id' in change ? null : EXAMPLE.id,
    });
  });

  it('still returns a source and id that are readable strings', () => {
    expect(check({ source: 'agent://op-42/dc-fra-1/node-17', id: 'e-1' })).toMatchObject({
      reason: 'schema_violation',
      source: 'agent://op-42/dc-fra-1/node-17',
      id: 'e-1',
    });
  });
});

describe('checkEnvelope: invalid_interval', () => {
  it.each([
    ['an end equal to the start', '2026-11-26T12:00:00.000Z', '2026-11-26T12:00:00.000Z'],
    ['an end equal to the start, written in another offset', '2026-11-26T12:00:00Z', '2026-11-26T13:00:00+01:00'],
    ['an end before the start', '2026-11-26T12:01:00.000Z', '2026-11-26T12:00:00.000Z'],
  ])('rejects %s', (_name, intervalStart, intervalEnd) => {
    const result = check(event({}, { intervalStart, intervalEnd }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid_interval', source: EXAMPLE.source, id: EXAMPLE.id });
  });

  it('says which instants are out of order, in UTC', () => {
    const result = check(event({}, { intervalStart: '2026-11-26T12:00:00Z', intervalEnd: '2026-11-26T12:59:00+01:00' }));
    expect(!result.ok && result.detail).toBe(
      'intervalEnd 2026-11-26T11:59:00.000Z is not after intervalStart 2026-11-26T12:00:00.000Z',
    );
  });
});

describe('checkEnvelope: interval_too_long', () => {
  it('rejects an interval 1 ms longer than an hour', () => {
    const result = check(event({}, { intervalStart: '2026-11-26T11:00:59.999Z', intervalEnd: '2026-11-26T12:01:00.000Z' }));
    expect(result).toEqual({
      ok: false,
      reason: 'interval_too_long',
      detail: 'interval is 3600.001 s long; at most 3600 s allowed',
      source: EXAMPLE.source,
      id: EXAMPLE.id,
    });
  });

  it('applies the configured limit', () => {
    const limits = { ...DEFAULT_CHECK_LIMITS, maxIntervalMs: 30_000 };
    const result = checkEnvelope(JSON.stringify(EXAMPLE), SUBJECT, RECEIVED_AT_MS, limits);
    expect(!result.ok && [result.reason, result.detail]).toEqual([
      'interval_too_long',
      'interval is 60 s long; at most 30 s allowed',
    ]);
  });
});

describe('checkEnvelope: future_timestamp', () => {
  it('rejects an interval that ends 420 s after receipt', () => {
    const result = check(event({}, { intervalStart: '2026-11-26T12:07:00.000Z', intervalEnd: '2026-11-26T12:08:00.250Z' }));
    expect(result).toEqual({
      ok: false,
      reason: 'future_timestamp',
      detail: 'intervalEnd 2026-11-26T12:08:00.250Z is 420 s after receipt at 2026-11-26T12:01:00.250Z; at most 300 s allowed',
      source: EXAMPLE.source,
      id: EXAMPLE.id,
    });
  });

  it('rejects an end 1 ms past the allowed skew', () => {
    const result = check(event({}, { intervalStart: '2026-11-26T12:05:00.000Z', intervalEnd: '2026-11-26T12:06:00.251Z' }));
    expect(reasonOf(result)).toBe('future_timestamp');
  });

  it('accepts late events whatever their age: lateness is billing’s concern', () => {
    expect(reasonOf(check(EXAMPLE, SUBJECT, RECEIVED_AT_MS + 90 * 86_400_000))).toBe('accepted');
  });
});

describe('checkEnvelope: source_mismatch', () => {
  it.each<[string, string, Json, Json, string]>([
    [
      'a subject of another operator',
      'usage.v1.op-43.dc-fra-1',
      {},
      {},
      'subject names operator op-43 but data.operatorId is op-42',
    ],
    [
      'a subject of another datacenter',
      'usage.v1.op-42.dc-ams-1',
      {},
      {},
      'subject names datacenter dc-ams-1 but data.datacenterId is dc-fra-1',
    ],
    [
      'a subject with a fifth token',
      'usage.v1.op-42.dc-fra-1.node-17',
      {},
      {},
      'subject usage.v1.op-42.dc-fra-1.node-17 is not of the form usage.v1.<operatorId>.<datacenterId>',
    ],
    [
      'a subject of another version',
      'usage.v2.op-42.dc-fra-1',
      {},
      {},
      'subject usage.v2.op-42.dc-fra-1 is not of the form usage.v1.<operatorId>.<datacenterId>',
    ],
    [
      'ids that split differently into subject tokens',
      'usage.v1.op.42.dc-fra-1',
      { source: 'agent://op.42/dc-fra-1/node-17' },
      { operatorId: 'op.42' },
      'subject usage.v1.op.42.dc-fra-1 is not of the form usage.v1.<operatorId>.<datacenterId>: ' +
        'data.operatorId op.42 contains "."',
    ],
    [
      'a source of another node',
      SUBJECT,
      { source: 'agent://op-42/dc-fra-1/node-18' },
      {},
      'source names node node-18 but data.nodeId is node-17',
    ],
    [
      'a source of another operator and datacenter',
      SUBJECT,
      { source: 'agent://op-7/dc-ams-1/node-17' },
      {},
      'source names operator op-7 but data.operatorId is op-42; source names datacenter dc-ams-1 but data.datacenterId is dc-fra-1',
    ],
    [
      'a source in another form',
      SUBJECT,
      { source: 'https://op-42.example/dc-fra-1/node-17' },
      {},
      'source https://op-42.example/dc-fra-1/node-17 is not of the form agent://<operatorId>/<datacenterId>/<nodeId>',
    ],
    [
      'a source with a trailing slash',
      SUBJECT,
      { source: 'agent://op-42/dc-fra-1/node-17/' },
      {},
      'source agent://op-42/dc-fra-1/node-17/ is not of the form agent://<operatorId>/<datacenterId>/<nodeId>',
    ],
    [
      'a source in upper case',
      SUBJECT,
      { source: 'AGENT://op-42/dc-fra-1/node-17' },
      {},
      'source AGENT://op-42/dc-fra-1/node-17 is not of the form agent://<operatorId>/<datacenterId>/<nodeId>',
    ],
  ])('rejects %s', (_name, subject, change, dataChange, detail) => {
    const payload = event(change, dataChange);
    expect(check(payload, subject)).toEqual({
      ok: false,
      reason: 'source_mismatch',
      detail,
      source: payload.source,
      id: EXAMPLE.id,
    });
  });
});

describe('checkEnvelope: the first check that applies gives the reason', () => {
  const tooLong = { intervalStart: '2026-11-26T10:00:00.000Z', intervalEnd: '2026-11-26T12:01:00.000Z' };
  const inverted = { intervalStart: '2026-11-26T12:10:00.000Z', intervalEnd: '2026-11-26T12:09:00.000Z' };
  const farFuture = { intervalStart: '2026-11-27T12:00:00.000Z', intervalEnd: '2026-11-27T12:01:00.000Z' };

  it.each<[string, Json, Json, string, RejectionReason]>([
    ['a schema violation before a source mismatch', { type: 'x' }, {}, 'usage.v1.other.dc', 'schema_violation'],
    ['an inverted interval before a future end', {}, inverted, SUBJECT, 'invalid_interval'],
    ['an inverted interval before a source mismatch', {}, inverted, 'usage.v1.other.dc', 'invalid_interval'],
    ['a long interval before a future end', {}, { ...tooLong, intervalEnd: '2026-11-27T12:01:00.000Z' }, SUBJECT, 'interval_too_long'],
    ['a long interval before a source mismatch', {}, tooLong, 'usage.v1.other.dc', 'interval_too_long'],
    ['a future end before a source mismatch', {}, farFuture, 'usage.v1.other.dc', 'future_timestamp'],
  ])('%s', (_name, change, dataChange, subject, reason) => {
    expect(reasonOf(check(event(change, dataChange), subject))).toBe(reason);
  });
});

describe('checkEnvelope: programmer errors', () => {
  it('refuses a receipt time that is no integer epoch ms', () => {
    expect(() => checkEnvelope(JSON.stringify(EXAMPLE), SUBJECT, RECEIVED_AT_MS + 0.5)).toThrow(RangeError);
  });
});

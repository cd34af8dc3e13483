import type { UsageOutcome } from '../ports';
import { OUTCOME_COLUMNS, toRow } from './mapping';

const RECEIVED_AT_MS = Date.UTC(2026, 10, 26, 12, 1, 0, 250);
const base = { seq: 7, subject: 'usage.v1.op-42.dc-fra-1', receivedAtMs: RECEIVED_AT_MS };

const accepted: UsageOutcome = {
  kind: 'accepted',
  ...base,
  customerId: 'c-9',
  event: {
    id: 'e-1',
    source: 'agent://op-42/dc-fra-1/node-17',
    timeMs: null,
    subject: 'rental/r-123',
    rentalId: 'r-123',
    operatorId: 'op-42',
    datacenterId: 'dc-fra-1',
    nodeId: 'node-17',
    gpuModel: 'H100-SXM-80GB',
    gpuCount: 8,
    intervalStartMs: Date.UTC(2026, 10, 26, 12),
    intervalEndMs: Date.UTC(2026, 10, 26, 12, 1),
    gpuUtilizationPct: 87.5,
    energyWh: null,
  },
};
const duplicate: UsageOutcome = { kind: 'duplicate', ...base, firstSeq: 3, source: 'agent://op-42/dc-fra-1/node-17', id: 'e-1', rentalId: 'r-123' };
const rejected: UsageOutcome = {
  kind: 'rejected',
  ...base,
  reason: 'malformed_json',
  detail: 'payload is not JSON',
  source: null,
  id: null,
  rentalId: null,
  raw: new TextEncoder().encode('{"a": "\u00e9'),
};

/** The row as column → value, so a test reads like the table. */
function named(outcome: UsageOutcome): Record<string, unknown> {
  const row = toRow(outcome);
  return Object.fromEntries(OUTCOME_COLUMNS.map((column, i) => [column, row[i]]));
}

describe('toRow', () => {
  it.each([accepted, duplicate, rejected])('fills every named column of a $kind row, no more', (outcome) => {
    expect(toRow(outcome)).toHaveLength(OUTCOME_COLUMNS.length);
  });

  it('keeps the parsed fields of an accepted event, timestamps as epoch milliseconds', () => {
    expect(named(accepted)).toMatchObject({
      stream_seq: 7,
      outcome: 'accepted',
      source: 'agent://op-42/dc-fra-1/node-17',
      id: 'e-1',
      rental_id: 'r-123',
      customer_id: 'c-9',
      gpu_count: 8,
      interval_start: Date.UTC(2026, 10, 26, 12),
      interval_end: Date.UTC(2026, 10, 26, 12, 1),
      event_time: null,
      gpu_utilization_pct: 87.5,
      energy_wh: null,
      received_at: RECEIVED_AT_MS,
    });
  });

  it('names the first sequence of a duplicate', () => {
    expect(named(duplicate)).toMatchObject({ outcome: 'duplicate', first_seq: 3, id: 'e-1', rental_id: 'r-123' });
  });

  it('keeps a rejection with its reason and its raw payload as text', () => {
    expect(named(rejected)).toMatchObject({ outcome: 'rejected', reason: 'malformed_json', source: '', id: '', raw: '{"a": "\u00e9' });
  });
});

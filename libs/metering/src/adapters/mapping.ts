import type { UsageOutcome } from '../ports';

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The usage_outcomes columns that toRow fills, in its order. The insert sends them as the header row
 * of JSONCompactEachRowWithNames, so ClickHouse matches values by name, not by table position.
 */
export const OUTCOME_COLUMNS = [
  'stream_seq',
  'outcome',
  'reason',
  'detail',
  'source',
  'id',
  'first_seq',
  'rental_id',
  'customer_id',
  'operator_id',
  'datacenter_id',
  'node_id',
  'gpu_model',
  'gpu_count',
  'interval_start',
  'interval_end',
  'event_time',
  'gpu_utilization_pct',
  'energy_wh',
  'subject',
  'raw',
  'received_at',
] as const;

export type OutcomeRow = [
  streamSeq: number,
  outcome: UsageOutcome['kind'],
  reason: string,
  detail: string,
  source: string,
  id: string,
  firstSeq: number,
  rentalId: string,
  customerId: string,
  operatorId: string,
  datacenterId: string,
  nodeId: string,
  gpuModel: string,
  gpuCount: number,
  intervalStartMs: number,
  intervalEndMs: number,
  eventTimeMs: number | null,
  gpuUtilizationPct: number | null,
  energyWh: number | null,
  subject: string,
  raw: string,
  receivedAtMs: number,
];

/**
 * usage_outcomes row as an array (JSONCompactEachRow): accepted rows keep the parsed fields, rejected
 * rows the raw payload. Hot path, one row per event: arrays of primitives serialise several times
 * faster than objects built by spreading defaults, and timestamps go as integer epoch milliseconds,
 * which a DateTime64(3) column reads as its own ticks (ClickHouse documents integers as the scaled
 * Unix timestamp), so no date string is formatted per row.
 */
export function toRow(o: UsageOutcome): OutcomeRow {
  switch (o.kind) {
    case 'accepted': {
      const e = o.event;
      return [
        o.seq, 'accepted', '', '', e.source, e.id, 0, e.rentalId, o.customerId, e.operatorId, e.datacenterId, e.nodeId,
        e.gpuModel, e.gpuCount, e.intervalStartMs, e.intervalEndMs, e.timeMs, e.gpuUtilizationPct, e.energyWh,
        o.subject, '', o.receivedAtMs,
      ];
    }
    case 'duplicate':
      return [o.seq, 'duplicate', '', '', o.source, o.id, o.firstSeq, o.rentalId, '', '', '', '', '', 0, 0, 0, null, null, null, o.subject, '', o.receivedAtMs];
    case 'rejected':
      return [
        o.seq, 'rejected', o.reason, o.detail, o.source ?? '', o.id ?? '', 0, o.rentalId ?? '', '', '', '', '', '', 0, 0, 0, null, null, null,
        o.subject, decoder.decode(o.raw), o.receivedAtMs,
      ];
  }
}

import { chDateTime } from '../../../clickhouse/src';
import type { UsageOutcome } from '../ports';

const decoder = new TextDecoder('utf-8', { fatal: false });
const EMPTY = {
  reason: '',
  detail: '',
  source: '',
  id: '',
  first_seq: 0,
  rental_id: '',
  customer_id: '',
  operator_id: '',
  datacenter_id: '',
  node_id: '',
  gpu_model: '',
  gpu_count: 0,
  interval_start: chDateTime(0),
  interval_end: chDateTime(0),
  event_time: null,
  gpu_utilization_pct: null,
  energy_wh: null,
  raw: '',
};

/** usage_outcomes row; accepted rows keep the parsed fields, rejected rows the raw payload. */
export function toRow(o: UsageOutcome): Record<string, unknown> {
  const common = { ...EMPTY, stream_seq: o.seq, outcome: o.kind, subject: o.subject, received_at: chDateTime(o.receivedAtMs) };
  switch (o.kind) {
    case 'accepted': {
      const e = o.event;
      return {
        ...common,
        source: e.source,
        id: e.id,
        rental_id: e.rentalId,
        customer_id: o.customerId,
        operator_id: e.operatorId,
        datacenter_id: e.datacenterId,
        node_id: e.nodeId,
        gpu_model: e.gpuModel,
        gpu_count: e.gpuCount,
        interval_start: chDateTime(e.intervalStartMs),
        interval_end: chDateTime(e.intervalEndMs),
        event_time: e.timeMs === null ? null : chDateTime(e.timeMs),
        gpu_utilization_pct: e.gpuUtilizationPct,
        energy_wh: e.energyWh,
      };
    }
    case 'duplicate':
      return { ...common, source: o.source, id: o.id, first_seq: o.firstSeq, rental_id: o.rentalId };
    case 'rejected':
      return {
        ...common,
        reason: o.reason,
        detail: o.detail,
        source: o.source ?? '',
        id: o.id ?? '',
        rental_id: o.rentalId ?? '',
        raw: decoder.decode(o.raw),
      };
  }
}

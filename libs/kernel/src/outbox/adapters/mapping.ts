import { chDateTime } from '@hourglass/clickhouse';
import type { FactTable } from '../../facts/fact-table';
import type { OutboxMessage, StoredOutboxMessage } from '../ports';

export interface OutboxRow {
  id: string;
  subject: string;
  payload: string;
  headers: string;
  created_at: string;
}

/** Written with the enqueuer's clock; `position` is left to ClickHouse (its DEFAULT now64(6)). */
export function outboxTable(createdAtMs: () => number): FactTable<OutboxMessage, OutboxRow> {
  return {
    name: 'outbox',
    columns: ['id', 'subject', 'payload', 'headers', 'created_at'],
    toRow: (m) => ({ id: m.id, subject: m.subject, payload: m.payload, headers: JSON.stringify(m.headers ?? {}), created_at: chDateTime(createdAtMs()) }),
    fromRow: (r) => ({ id: r.id, subject: r.subject, payload: r.payload, headers: JSON.parse(r.headers) as Record<string, string> }),
  };
}

export interface StoredOutboxRow {
  id: string;
  subject: string;
  payload: string;
  headers: string;
  position_us: string;
}

export function storedFromRow(r: StoredOutboxRow): StoredOutboxMessage {
  const headers = JSON.parse(r.headers) as Record<string, string>;
  return { id: r.id, subject: r.subject, payload: r.payload, ...(Object.keys(headers).length > 0 ? { headers } : {}), positionUs: Number(r.position_us) };
}

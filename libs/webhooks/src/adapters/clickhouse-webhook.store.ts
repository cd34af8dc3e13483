import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { EVENTS_SUBJECT_PREFIX, type OutgoingEventType } from '@hourglass/contracts';
import type { WebhookEndpoint } from '../domain';
import type { DeliveryAttempt, DeliveryOutcome, StoredEvent, WebhookStore } from '../ports';
import type { SecretSeal } from './secret-seal';

interface EndpointRow {
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  types: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

interface DeliveryRow {
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  outcome: string;
  http_status: number;
  error: string;
  duration_ms: number;
  replay: boolean;
  at: string;
}

export class ClickHouseWebhookStore implements WebhookStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly seal: SecretSeal,
  ) {}

  async saveEndpoint(e: WebhookEndpoint): Promise<void> {
    await insertRows(this.client, `${this.database}.webhook_endpoints`, [
      {
        endpoint_id: e.endpointId,
        url: e.url,
        secret_sealed: this.seal.seal(e.secret),
        types: e.types,
        enabled: e.enabled,
        created_at: chDateTime(e.createdAtMs),
        updated_at: chDateTime(e.updatedAtMs),
      },
    ]);
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    const rows = await queryRows<EndpointRow>(this.client, `SELECT * FROM ${this.database}.webhook_endpoints FINAL ORDER BY endpoint_id`);
    return rows.map((r) => this.endpointFromRow(r));
  }

  async endpoint(endpointId: string): Promise<WebhookEndpoint | null> {
    const rows = await queryRows<EndpointRow>(this.client, `SELECT * FROM ${this.database}.webhook_endpoints FINAL WHERE endpoint_id = {id:String}`, { id: endpointId });
    return rows[0] ? this.endpointFromRow(rows[0]) : null;
  }

  async recordAttempts(attempts: readonly DeliveryAttempt[]): Promise<void> {
    await insertRows(
      this.client,
      `${this.database}.webhook_deliveries`,
      attempts.map((a) => ({
        endpoint_id: a.endpointId,
        event_id: a.eventId,
        event_type: a.eventType,
        attempt: a.attempt,
        outcome: a.outcome,
        http_status: a.httpStatus,
        error: a.error.slice(0, 1_000),
        duration_ms: a.durationMs,
        replay: a.replay,
        at: chDateTime(a.atMs),
      })),
    );
  }

  async deliveries(endpointId: string, filter: { eventId?: string; limit: number; beforeMs?: number }): Promise<DeliveryAttempt[]> {
    const rows = await queryRows<DeliveryRow>(
      this.client,
      `SELECT * FROM ${this.database}.webhook_deliveries
       WHERE endpoint_id = {id:String}
         ${filter.eventId ? 'AND event_id = {eventId:String}' : ''}
         ${filter.beforeMs !== undefined ? "AND at < fromUnixTimestamp64Milli({before:Int64}, 'UTC')" : ''}
       ORDER BY at DESC, event_id, attempt DESC LIMIT {limit:UInt32}`,
      { id: endpointId, eventId: filter.eventId ?? '', before: filter.beforeMs ?? 0, limit: filter.limit },
    );
    return rows.map((r) => ({
      endpointId: r.endpoint_id,
      eventId: r.event_id,
      eventType: r.event_type,
      attempt: Number(r.attempt),
      outcome: r.outcome as DeliveryOutcome,
      httpStatus: Number(r.http_status),
      error: r.error,
      durationMs: Number(r.duration_ms),
      replay: Boolean(r.replay),
      atMs: parseChDateTime(r.at),
    }));
  }

  async events(selection: { eventIds?: readonly string[]; fromMs?: number; toMs?: number; limit: number }): Promise<StoredEvent[]> {
    const rows = await queryRows<{ id: string; event_subject: string; body: string }>(
      this.client,
      `SELECT id, any(subject) AS event_subject, any(payload) AS body, min(created_at) AS first_at FROM ${this.database}.outbox
       WHERE startsWith(subject, {prefix:String})
         ${selection.eventIds ? 'AND id IN {ids:Array(String)}' : ''}
         ${selection.fromMs !== undefined ? "AND created_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')" : ''}
         ${selection.toMs !== undefined ? "AND created_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')" : ''}
       GROUP BY id ORDER BY first_at, id LIMIT {limit:UInt32}`,
      { prefix: EVENTS_SUBJECT_PREFIX, ids: selection.eventIds ?? [], from: selection.fromMs ?? 0, to: selection.toMs ?? 0, limit: selection.limit },
    );
    return rows.map((r) => ({ id: r.id, type: r.event_subject.slice(EVENTS_SUBJECT_PREFIX.length), body: r.body }));
  }

  private endpointFromRow(r: EndpointRow): WebhookEndpoint {
    return {
      endpointId: r.endpoint_id,
      url: r.url,
      secret: this.seal.open(r.secret_sealed),
      types: r.types as OutgoingEventType[],
      enabled: Boolean(r.enabled),
      createdAtMs: parseChDateTime(r.created_at),
      updatedAtMs: parseChDateTime(r.updated_at),
    };
  }
}

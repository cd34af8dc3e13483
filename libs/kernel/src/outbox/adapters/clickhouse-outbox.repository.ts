import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseFactStore } from '../../facts/adapters/clickhouse-fact.store';
import type { Outbox, OutboxMessage, OutboxStore, StoredOutboxMessage } from '../ports';
import { outboxTable, storedFromRow, type StoredOutboxRow } from './mapping';

const POSITION_AFTER = "position > fromUnixTimestamp64Micro({afterUs:Int64}, 'UTC')";

/**
 * The `outbox`, `outbox_deliveries` and `outbox_progress` tables (migration 7). An id may sit in the
 * outbox twice (two writers announcing one fact): reads take each id once, and a delivery of the id
 * covers every copy.
 */
export class ClickHouseOutboxRepository implements Outbox, OutboxStore {
  private readonly facts: ClickHouseFactStore;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
  ) {
    this.facts = new ClickHouseFactStore(client, database);
  }

  private get db(): string {
    return '`' + this.database + '`';
  }

  async enqueue(messages: readonly OutboxMessage[], dedupToken: string): Promise<void> {
    await this.facts.append(outboxTable(() => this.clock.nowMs()), messages, `outbox:${dedupToken}`);
  }

  async progress(relay: string): Promise<number> {
    const [row] = await queryRows<{ position_us: string }>(
      this.client,
      `SELECT toUnixTimestamp64Micro(max(position)) AS position_us FROM ${this.db}.outbox_progress WHERE relay = {relay:String}`,
      { relay },
    );
    return Number(row?.position_us ?? 0);
  }

  async undelivered(afterUs: number, limit: number): Promise<StoredOutboxMessage[]> {
    const rows = await queryRows<StoredOutboxRow>(
      this.client,
      `SELECT id, subject, payload, headers, toUnixTimestamp64Micro(position) AS position_us
       FROM ${this.db}.outbox
       WHERE ${POSITION_AFTER} AND id NOT IN (${this.deliveredSince()})
       ORDER BY position, id LIMIT 1 BY id LIMIT {limit:UInt32}`,
      { afterUs, limit },
    );
    return rows.map(storedFromRow);
  }

  async firstUndelivered(afterUs: number): Promise<number | null> {
    const [row] = await queryRows<{ position_us: string; n: string }>(
      this.client,
      `SELECT toUnixTimestamp64Micro(min(position)) AS position_us, count() AS n
       FROM ${this.db}.outbox WHERE ${POSITION_AFTER} AND id NOT IN (${this.deliveredSince()})`,
      { afterUs },
    );
    return row && Number(row.n) > 0 ? Number(row.position_us) : null;
  }

  async settledPosition(settleMs: number): Promise<number> {
    const [row] = await queryRows<{ us: string }>(this.client, `SELECT toUnixTimestamp64Micro(now64(6)) AS us`);
    return Number(row!.us) - settleMs * 1000;
  }

  async recordDeliveries(relay: string, messages: readonly StoredOutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const deliveredAt = chDateTime(this.clock.nowMs());
    const rows = messages.map((m) => ({ id: m.id, relay, position: microsToChDateTime(m.positionUs), delivered_at: deliveredAt }));
    // The same batch recorded again (a retried tick) is one copy: the token is its ids.
    await insertRows(this.client, `${this.database}.outbox_deliveries`, rows, `deliveries:${relay}:${messages[0]!.id}:${messages.length}:${messages[messages.length - 1]!.id}`);
  }

  async recordProgress(relay: string, positionUs: number): Promise<void> {
    await insertRows(this.client, `${this.database}.outbox_progress`, [{ relay, position: microsToChDateTime(positionUs), recorded_at: chDateTime(this.clock.nowMs()) }]);
  }

  /** Ids among the candidate rows that some relay delivered: bounded by the candidates, not the history. */
  private deliveredSince(): string {
    return `SELECT id FROM ${this.db}.outbox_deliveries WHERE id IN (SELECT id FROM ${this.db}.outbox WHERE ${POSITION_AFTER})`;
  }
}

/** DateTime64(6) literal for JSONEachRow: whole microseconds, no float on the way. */
function microsToChDateTime(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(us % 1000).padStart(3, '0');
  return `${chDateTime(ms)}${micros}`;
}

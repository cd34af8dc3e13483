import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type { Inbox, InboxEntry, InboxProcessed } from '../ports';

interface InboxRow {
  provider: string;
  key: string;
  body: string;
  headers: string;
  received_at: string;
}

/**
 * `inbox` and `inbox_processed` (migration 7), both ReplacingMergeTree by (provider, key). The insert
 * token is the key, so a copy that slips past the existence check (two at once) is not stored twice;
 * reads use FINAL in case one was.
 */
export class ClickHouseInboxRepository implements Inbox {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async store(entry: InboxEntry): Promise<{ isNew: boolean }> {
    const [row] = await queryRows<{ n: string }>(
      this.client,
      `SELECT count() AS n FROM ${this.db}.inbox WHERE provider = {provider:String} AND key = {key:String}`,
      { provider: entry.provider, key: entry.key },
    );
    if (Number(row?.n ?? 0) > 0) return { isNew: false };
    const stored: InboxRow = {
      provider: entry.provider,
      key: entry.key,
      body: entry.body,
      headers: JSON.stringify(entry.headers),
      received_at: chDateTime(entry.receivedAtMs),
    };
    await insertRows(this.client, `${this.database}.inbox`, [stored], `inbox:${entry.provider}:${entry.key}`);
    return { isNew: true };
  }

  async pending(provider: string, limit: number): Promise<InboxEntry[]> {
    const rows = await queryRows<InboxRow>(
      this.client,
      `SELECT provider, key, body, headers, received_at FROM ${this.db}.inbox FINAL
       WHERE provider = {provider:String}
         AND key NOT IN (SELECT key FROM ${this.db}.inbox_processed WHERE provider = {provider:String})
       ORDER BY received_at, key LIMIT {limit:UInt32}`,
      { provider, limit },
    );
    return rows.map((r) => ({
      provider: r.provider,
      key: r.key,
      body: r.body,
      headers: JSON.parse(r.headers) as Record<string, string>,
      receivedAtMs: parseChDateTime(r.received_at),
    }));
  }

  async markProcessed(marks: readonly InboxProcessed[]): Promise<void> {
    if (marks.length === 0) return;
    const rows = marks.map((m) => ({ provider: m.provider, key: m.key, outcome: m.outcome, processed_at: chDateTime(m.processedAtMs) }));
    await insertRows(this.client, `${this.database}.inbox_processed`, rows);
  }
}

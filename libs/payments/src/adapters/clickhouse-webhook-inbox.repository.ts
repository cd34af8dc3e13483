import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';
import type { InboxEntry, WebhookInbox } from '../ports';
import { inboxFromRow, inboxToRow } from './mapping';

/**
 * The PSP webhook inbox in ClickHouse (psp_webhook_inbox, psp_webhook_processed). Stands in for the
 * kernel's generic inbox until that lands: the services only know the WebhookInbox port.
 */
export class ClickHouseWebhookInbox implements WebhookInbox {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  async store(entries: readonly InboxEntry[]): Promise<Array<'stored' | 'duplicate'>> {
    if (entries.length === 0) return [];
    const existing = new Set(
      (
        await queryRows<{ k: string }>(
          this.client,
          `SELECT concat(provider, '|', dedup_key) AS k FROM ${this.db}.psp_webhook_inbox WHERE concat(provider, '|', dedup_key) IN {keys:Array(String)}`,
          { keys: entries.map((e) => `${e.provider}|${e.dedupKey}`) },
        )
      ).map((r) => r.k),
    );
    const fresh = entries.filter((e) => !existing.has(`${e.provider}|${e.dedupKey}`));
    // Synchronous insert: when it returns the rows are on disk, and only then may the PSP hear 2xx.
    // A concurrent delivery of the same key may insert it twice; ReplacingMergeTree merges them and
    // applying twice is harmless.
    await insertRows(this.client, `${this.database}.psp_webhook_inbox`, fresh.map(inboxToRow));
    return entries.map((e) => (existing.has(`${e.provider}|${e.dedupKey}`) ? 'duplicate' : 'stored'));
  }

  async markProcessed(entry: Pick<InboxEntry, 'provider' | 'dedupKey'>, outcome: string, detail: string): Promise<void> {
    await insertRows(this.client, `${this.database}.psp_webhook_processed`, [
      { provider: entry.provider, dedup_key: entry.dedupKey, processed_at: chDateTime(this.clock.nowMs()), outcome, detail },
    ]);
  }

  async isProcessed(entry: Pick<InboxEntry, 'provider' | 'dedupKey'>): Promise<boolean> {
    const rows = await queryRows(
      this.client,
      `SELECT 1 FROM ${this.db}.psp_webhook_processed WHERE provider = {p:String} AND dedup_key = {k:String} LIMIT 1`,
      { p: entry.provider, k: entry.dedupKey },
    );
    return rows.length > 0;
  }

  async unprocessed(limit: number, receivedBeforeMs: number): Promise<InboxEntry[]> {
    const rows = await queryRows<Record<string, string>>(
      this.client,
      `SELECT * FROM ${this.db}.psp_webhook_inbox FINAL
       WHERE received_at < {before:DateTime64(3, 'UTC')}
         AND (provider, dedup_key) NOT IN (SELECT provider, dedup_key FROM ${this.db}.psp_webhook_processed)
       ORDER BY received_at, provider, dedup_key LIMIT {limit:UInt32}`,
      { before: chDateTime(receivedBeforeMs), limit },
    );
    return rows.map(inboxFromRow);
  }
}

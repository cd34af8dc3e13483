import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows } from '@hourglass/clickhouse';

/**
 * A stand-in for the kernel's fact store (libs/kernel, being built beside this): appends rows to one
 * table with a deterministic dedup token. The ledger store only calls `append`, so moving to the
 * kernel's `FactStore.append(table, facts, token)` changes this file and the module's wiring only.
 */
export class ClickHouseFactAppender {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async append(table: { name: string }, rows: readonly object[], dedupToken: string): Promise<void> {
    await insertRows(this.client, `${this.database}.${table.name}`, rows, dedupToken);
  }
}

import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import { chunksOf } from '../chunks';
import type { FactTable, LatestByKey } from '../fact-table';
import { latestByKeySql } from '../latest-by-key.sql';
import type { FactStore } from '../ports';

export interface ClickHouseFactStoreOptions {
  /** Rows per insert: bounds memory per request and the work a retried chunk repeats. */
  chunkRowsMax: number;
}

export const DEFAULT_FACT_CHUNK_ROWS = 50_000;

/**
 * Inserts go through insertRows, which puts the dedup token into the statement's SETTINGS clause:
 * chDB would turn a per-query setting into a session-wide one and drop every later insert.
 */
export class ClickHouseFactStore implements FactStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly options: ClickHouseFactStoreOptions = { chunkRowsMax: DEFAULT_FACT_CHUNK_ROWS },
  ) {}

  qualified(table: { name: string }): string {
    return `\`${this.database}\`.${table.name}`;
  }

  async append<T, Row extends object>(table: FactTable<T, Row>, facts: readonly T[], dedupToken: string | null): Promise<void> {
    if (facts.length === 0) return;
    const rows = facts.map((f) => table.toRow(f));
    for (const chunk of chunksOf(rows, this.options.chunkRowsMax, dedupToken)) {
      await insertRows(this.client, `${this.database}.${table.name}`, chunk.rows, chunk.dedupToken ?? undefined);
    }
  }

  async latest<T, Row extends object>(
    table: FactTable<T, Row>,
    latest: LatestByKey,
    where?: { sql: string; params: Record<string, unknown> },
  ): Promise<T[]> {
    const rows = await queryRows<Row>(this.client, latestByKeySql(this.qualified(table), table.columns, latest, where?.sql ?? null), where?.params ?? {});
    return rows.map((r) => table.fromRow(r));
  }
}

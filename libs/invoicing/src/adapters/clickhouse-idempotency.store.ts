import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import type { IdempotencyRecord } from '../domain';
import type { IdempotencyStore } from '../ports';
import { idempotencyFromRow, idempotencyToRow, type IdempotencyRow } from './mapping';

/** Idempotency-Keys kept in ClickHouse, with the facts they protect: they outlive a lost Redis. */
export class ClickHouseIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async find(key: string): Promise<IdempotencyRecord | null> {
    const [row] = await queryRows<IdempotencyRow>(
      this.client,
      `SELECT * FROM \`${this.database}\`.idempotency_keys FINAL WHERE idempotency_key = {key:String} LIMIT 1`,
      { key },
    );
    return row ? idempotencyFromRow(row) : null;
  }

  async save(record: IdempotencyRecord): Promise<void> {
    await insertRows(this.client, `${this.database}.idempotency_keys`, [idempotencyToRow(record)]);
  }
}

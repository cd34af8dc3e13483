import type { IdempotencyRecord } from '../domain';
import type { IdempotencyStore } from '../ports';

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async find(key: string): Promise<IdempotencyRecord | null> {
    return this.records.get(key) ?? null;
  }

  async save(record: IdempotencyRecord): Promise<void> {
    const known = this.records.get(record.key);
    // As the ClickHouse table's version column: a completed record is never replaced by a pending one.
    if (known?.state === 'completed' && record.state === 'pending') return;
    this.records.set(record.key, record);
  }
}

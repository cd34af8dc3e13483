import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '../../../clickhouse/src';
import type { UsageOutcome, UsageOutcomeRepository } from '../ports';
import { toRow } from './mapping';

export class ClickHouseUsageOutcomeRepository implements UsageOutcomeRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async existingSeqs(seqs: readonly number[]): Promise<Set<number>> {
    const rows = await queryRows<{ stream_seq: string }>(
      this.client,
      `SELECT stream_seq FROM \`${this.database}\`.usage_outcomes WHERE stream_seq IN {seqs:Array(UInt64)}`,
      { seqs },
    );
    return new Set(rows.map((r) => Number(r.stream_seq)));
  }

  async insert(outcomes: readonly UsageOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    // The token makes a retry of this very batch (same sequences) a no-op inside ClickHouse too.
    let hash = 0x811c9dc5;
    for (const o of outcomes) hash = Math.imul(hash ^ o.seq, 0x01000193) >>> 0;
    const token = `usage:${outcomes[0]!.seq}:${outcomes.length}:${hash.toString(16)}`;
    await insertRows(this.client, `${this.database}.usage_outcomes`, outcomes.map(toRow), token);
  }
}

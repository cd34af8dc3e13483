import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../../clickhouse/src';
import type { UsageOutcome, UsageOutcomeRepository } from '../ports';
import { OUTCOME_COLUMNS, toRow } from './mapping';

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
    const rows: unknown[][] = new Array(outcomes.length + 1);
    rows[0] = OUTCOME_COLUMNS as unknown as string[];
    for (let i = 0; i < outcomes.length; i++) rows[i + 1] = toRow(outcomes[i]!);
    // Compact rows with a header of names rather than insertRows' JSONEachRow objects: this insert
    // carries every event, and objects cost several times more to build and to parse. As in
    // insertRows, the token goes in the statement's SETTINGS clause, never in clickhouse_settings,
    // which the chDB connection would turn into a session-wide SET that drops later inserts.
    await this.client.insert({
      table: `${this.database}.usage_outcomes SETTINGS insert_deduplication_token = '${token}'`,
      values: rows,
      format: 'JSONCompactEachRowWithNames',
    });
  }
}

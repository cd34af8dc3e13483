import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import type { UsageOutcome, UsageOutcomeRepository } from '../ports';
import { batchToken } from './batch-token';
import { OUTCOME_COLUMNS, toRow, type OutcomeRow } from './mapping';

interface ColumnMeta {
  name: string;
  type: string;
}

export class ClickHouseUsageOutcomeRepository implements UsageOutcomeRepository {
  /** The `meta` header of every insert, read once from the table itself (see insert). */
  private columns: Promise<ColumnMeta[]> | null = null;

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

  async highestSeq(): Promise<number> {
    const rows = await queryRows<{ seq: string }>(this.client, `SELECT max(stream_seq) AS seq FROM \`${this.database}\`.usage_outcomes`);
    return Number(rows[0]?.seq ?? 0);
  }

  async insert(outcomes: readonly UsageOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const meta = await this.columnMeta();
    const token = batchToken('usage', outcomes.map((o) => o.seq));
    const data: OutcomeRow[] = new Array(outcomes.length);
    for (let i = 0; i < outcomes.length; i++) data[i] = toRow(outcomes[i]!);
    // One JSONCompact document (a header naming the columns, then rows as arrays) rather than
    // insertRows' JSONEachRow objects: this insert carries every event, and per-row objects and
    // strings cost several times more to build, to collect and to parse. As in insertRows, the token
    // goes in the statement's SETTINGS clause, never in clickhouse_settings, which the chDB connection
    // would turn into a session-wide SET that silently drops later inserts.
    await this.client.insert({
      table: `${this.database}.usage_outcomes SETTINGS insert_deduplication_token = '${token}'`,
      values: { meta, data },
      format: 'JSONCompact',
    });
  }

  /**
   * JSONCompact reads each value as the type its header names, so the header carries the table's own
   * types, read from system.columns once per process (after the migrations ran), not a copy of the
   * DDL that a later migration could make wrong.
   */
  private columnMeta(): Promise<ColumnMeta[]> {
    this.columns ??= queryRows<ColumnMeta>(
      this.client,
      `SELECT name, type FROM system.columns WHERE database = {database:String} AND table = 'usage_outcomes'`,
      { database: this.database },
    ).then(
      (rows) => {
        const types = new Map(rows.map((r) => [r.name, r.type]));
        return OUTCOME_COLUMNS.map((name) => {
          const type = types.get(name);
          if (type === undefined) throw new Error(`${this.database}.usage_outcomes has no column ${name}`);
          return { name, type };
        });
      },
      (error: unknown) => {
        this.columns = null;
        throw error;
      },
    );
    return this.columns;
  }
}

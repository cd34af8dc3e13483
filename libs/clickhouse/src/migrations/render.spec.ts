import { MIGRATIONS, renderMigration } from './index';

describe('migrations', () => {
  const single = { database: 'hourglass', cluster: null, dedupWindow: 10_000 };
  const cluster = { database: 'hourglass', cluster: 'prod', dedupWindow: 10_000 };

  it('are numbered 1, 2, 3 … without gaps or repeats', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('render single-node DDL with plain engines and an explicit dedup window', () => {
    const sql = MIGRATIONS.flatMap((m) => renderMigration(m, single)).join('\n');
    expect(sql).not.toMatch(/ON CLUSTER|Replicated/);
    expect(sql).toMatch(/CREATE TABLE IF NOT EXISTS `hourglass`\.usage_outcomes \(/);
    expect(sql).toMatch(/ENGINE = MergeTree\(\)\s+PARTITION BY toYYYYMM\(received_at\)/);
    expect(sql).toMatch(/non_replicated_deduplication_window = 10000/);
  });

  it('render ON CLUSTER with Replicated engines whose path names shard, database and table', () => {
    const sql = MIGRATIONS.flatMap((m) => renderMigration(m, cluster));
    const creates = sql.filter((s) => s.startsWith('CREATE'));
    expect(creates.every((s) => s.includes(" ON CLUSTER 'prod'"))).toBe(true);
    const usage = sql.find((s) => s.includes('.usage_outcomes ON CLUSTER'))!;
    expect(usage).toMatch(/ENGINE = ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/hourglass\/usage_outcomes', '\{replica\}'\)/);
    expect(usage).toMatch(/replicated_deduplication_window = 10000/);
    const runs = sql.find((s) => s.includes('.billing_runs ON CLUSTER'))!;
    expect(runs).toMatch(/ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/\{shard\}\/hourglass\/billing_runs', '\{replica\}', recorded_at\)/);
  });

  it('make every statement idempotent, so an interrupted migration can simply run again', () => {
    for (const statement of MIGRATIONS.flatMap((m) => renderMigration(m, single))) {
      // Adding a column IF NOT EXISTS, replacing a view and setting a comment give the same result when run again.
      expect(statement).toMatch(
        /^CREATE (TABLE|VIEW|MATERIALIZED VIEW) IF NOT EXISTS |^CREATE OR REPLACE VIEW |^ALTER TABLE \S+( ON CLUSTER '[^']+')?\s+(ADD COLUMN IF NOT EXISTS [^]*?(,\s+ADD COLUMN IF NOT EXISTS [^]*?)*$|MODIFY COMMENT '|COMMENT COLUMN \w+ ')/,
      );
    }
  });
});

describe('ledger_entries (migration 11)', () => {
  it('is one row per posting, replaced by (txn_id, posting_no), with Decimal amounts and a comment on every column', () => {
    const [ddl] = renderMigration(MIGRATIONS.find((m) => m.name === 'ledger_entries')!, { database: 'hourglass', cluster: null, dedupWindow: 10_000 });
    expect(ddl).toMatch(/ENGINE = ReplacingMergeTree\(\)\s+ORDER BY \(txn_id, posting_no\)\s+SETTINGS non_replicated_deduplication_window = 10000/);
    expect(ddl).toMatch(/debit Decimal\(38, 12\) COMMENT/);
    expect(ddl).toMatch(/credit Decimal\(38, 12\) COMMENT/);
    const columns = ddl!.split('\n').filter((l) => /^\s+[a-z_]+ (String|UInt16|LowCardinality|Decimal|DateTime64)/.test(l));
    expect(columns).toHaveLength(10);
    for (const column of columns) expect(column).toMatch(/ COMMENT '/);
  });
});

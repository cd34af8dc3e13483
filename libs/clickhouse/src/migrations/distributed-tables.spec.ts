import { MIGRATIONS, renderMigration, type Migration, type RenderTarget } from './index';

const SINGLE: RenderTarget = { database: 'hourglass', cluster: null, dedupWindow: 10_000 };
const CLUSTER: RenderTarget = { database: 'hourglass', cluster: 'prod', dedupWindow: 10_000 };

const sharding = MIGRATIONS.find((m) => m.version === 25)!;
const before = MIGRATIONS.filter((m) => m.version < 25).flatMap((m) => renderMigration(m, CLUSTER));
const statements = renderMigration(sharding, CLUSTER);

/** Every table (not view) that migrations 001–024 create, with its ORDER BY columns. */
const tables = new Map(
  before.flatMap((s) => {
    const created = /^CREATE TABLE IF NOT EXISTS `hourglass`\.(\w+) ON CLUSTER 'prod'/.exec(s);
    if (!created) return [];
    const orderBy = /\n\s*ORDER BY \(?([\w, ]+?)\)?\s*(\n|$)/.exec(s)![1]!.split(',').map((c) => c.trim());
    return [[created[1]!, orderBy] as const];
  }),
);

/** table → the columns of its sharding key, from the Distributed engines 025 renders. */
const keys = new Map(
  statements.flatMap((s) => {
    const d = /^CREATE TABLE IF NOT EXISTS `hourglass`\.(\w+) ON CLUSTER 'prod' AS `hourglass`\.(\w+)\s+ENGINE = Distributed\('prod', 'hourglass', '(\w+)', cityHash64\(([\w, ]+)\)\)$/.exec(s);
    return d && d[2] === `${d[1]}_local` && d[3] === d[2] ? [[d[1]!, d[4]!.split(', ')] as const] : [];
  }),
);

describe('distributed tables (migration 25)', () => {
  it('renders nothing on one node: there is nothing to distribute', () => {
    expect(renderMigration(sharding, SINGLE)).toEqual([]);
  });

  it('renames every table of 001–024 to <name>_local ON CLUSTER, right before a Distributed <name> over it', () => {
    expect(tables.size).toBeGreaterThan(50);
    const expected = [...tables.keys()].flatMap((t) => [`RENAME TABLE \`hourglass\`.${t} TO \`hourglass\`.${t}_local ON CLUSTER 'prod'`, t]);
    // Each rename is followed by its own table's Distributed engine, and nothing else is rendered.
    expect(statements.map((s) => (s.startsWith('RENAME') ? s : /^CREATE TABLE IF NOT EXISTS `hourglass`\.(\w+)/.exec(s)?.[1]))).toEqual(expected);
    expect([...keys.keys()]).toEqual([...tables.keys()]);
    expect(statements.every((s) => s.includes(" ON CLUSTER 'prod'"))).toBe(true);
  });

  it('keeps a rental on one shard: usage and ratings are sharded by rental_id', () => {
    for (const table of ['usage_outcomes', 'rated_usage_versions', 'rental_versions']) expect([table, keys.get(table)]).toEqual([table, ['rental_id']]);
    expect(statements).toContain("CREATE TABLE IF NOT EXISTS `hourglass`.usage_outcomes ON CLUSTER 'prod' AS `hourglass`.usage_outcomes_local\n    ENGINE = Distributed('prod', 'hourglass', 'usage_outcomes_local', cityHash64(rental_id))");
  });

  it('shards every table by ORDER BY columns, so all versions of a sorting key meet on one shard (FINAL per shard is FINAL)', () => {
    for (const [table, key] of keys) expect([table, key.filter((c) => !tables.get(table)!.includes(c))]).toEqual([table, []]);
  });

  it('shards the invoice facts by invoice and the ledger by transaction, whatever their leading column', () => {
    for (const table of ['invoices', 'invoice_lines', 'invoice_status_events', 'credit_notes', 'dunning_facts']) expect([table, keys.get(table)]).toEqual([table, ['invoice_id']]);
    expect(keys.get('ledger_entries')).toEqual(['txn_id']);
  });

  it('leaves the views reading the names, which are the Distributed tables from now on', () => {
    const views = new Set(before.flatMap((s) => /^CREATE (?:OR REPLACE )?VIEW (?:IF NOT EXISTS )?`hourglass`\.(\w+)/.exec(s)?.[1] ?? []));
    const read = before
      .filter((s) => /^CREATE (OR REPLACE )?VIEW/.test(s))
      .flatMap((s) => [...s.matchAll(/(?:FROM|JOIN) `hourglass`\.(\w+)/g)].map((m) => m[1]!));
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !views.has(name) && !keys.has(name))).toEqual([]);
    expect(before.join('\n')).not.toMatch(/_local\b/);
  });
});

describe('after 025: what a later migration renders through the Ddl', () => {
  const statementsOf = (target: RenderTarget, build: Migration['statements']) => renderMigration({ version: 999, name: 'later', statements: build }, target);

  it('alters a table and, on a cluster, its shards as well', () => {
    const alter: Migration['statements'] = ({ columnsOf, onCluster }) => columnsOf('invoices').map((t) => `ALTER TABLE ${t}${onCluster} ADD COLUMN IF NOT EXISTS note String`);
    expect(statementsOf(SINGLE, alter)).toEqual(['ALTER TABLE `hourglass`.invoices ADD COLUMN IF NOT EXISTS note String']);
    expect(statementsOf(CLUSTER, alter)).toEqual([
      "ALTER TABLE `hourglass`.invoices_local ON CLUSTER 'prod' ADD COLUMN IF NOT EXISTS note String",
      "ALTER TABLE `hourglass`.invoices ON CLUSTER 'prod' ADD COLUMN IF NOT EXISTS note String",
    ]);
  });

  it('creates a new table as <name>_local with a Distributed <name> on a cluster, as <name> on one node', () => {
    const create: Migration['statements'] = ({ db, onCluster, engine, shardedTable }) =>
      shardedTable('notes', 'invoice_id', (name) => `CREATE TABLE IF NOT EXISTS ${db}.${name}${onCluster} (invoice_id String) ENGINE = ${engine('ReplacingMergeTree', name)} ORDER BY invoice_id`);
    expect(statementsOf(SINGLE, create)).toEqual(['CREATE TABLE IF NOT EXISTS `hourglass`.notes (invoice_id String) ENGINE = ReplacingMergeTree() ORDER BY invoice_id']);
    expect(statementsOf(CLUSTER, create)).toEqual([
      "CREATE TABLE IF NOT EXISTS `hourglass`.notes_local ON CLUSTER 'prod' (invoice_id String) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/hourglass/notes_local', '{replica}') ORDER BY invoice_id",
      "CREATE TABLE IF NOT EXISTS `hourglass`.notes ON CLUSTER 'prod' AS `hourglass`.notes_local\n    ENGINE = Distributed('prod', 'hourglass', 'notes_local', cityHash64(invoice_id))",
    ]);
  });

  it('shards every table a later migration creates: <name>_local, then a Distributed <name> over it', () => {
    const later = MIGRATIONS.filter((m) => m.version > 25).flatMap((m) => renderMigration(m, CLUSTER));
    const created = later.flatMap((s) => {
      const m = /^CREATE TABLE IF NOT EXISTS `hourglass`\.(\w+) ON CLUSTER 'prod' (AS )?/.exec(s);
      return m ? [m[2] ? `Distributed ${m[1]}` : m[1]!] : [];
    });
    expect(created).toContain('usage_parked_local');
    const pairs = created.flatMap((name, i) => (i % 2 === 0 ? [[name, created[i + 1]]] : []));
    expect(pairs).toEqual(pairs.map(([local]) => [local, `Distributed ${local!.replace(/_local$/, '')}`]));
  });
});


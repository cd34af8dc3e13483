/**
 * Migrations are written once and rendered for a single node or for a cluster: `ON CLUSTER` after
 * every object name and Replicated engines whose ZooKeeper path names the shard and table.
 */
export interface RenderTarget {
  database: string;
  cluster: string | null;
  /** Blocks remembered per table for insert_deduplication_token; bounds retry safety. */
  dedupWindow: number;
}

export interface Ddl {
  /** `db.table` or the database itself. */
  readonly target: RenderTarget;
  readonly db: string;
  /** ` ON CLUSTER name` or ''. */
  readonly onCluster: string;
  engine(family: 'MergeTree' | 'ReplacingMergeTree' | 'SummingMergeTree', table: string, ...args: string[]): string;
  dedupSettings(): string;
  /**
   * For migrations after 025, which made every table on a cluster `<table>_local` plus a Distributed
   * `<table>`: the tables an ALTER of `table`'s columns must reach (the Distributed table's columns do
   * not follow its shards'), `db.table` alone on one node.
   */
  columnsOf(table: string): string[];
  /**
   * For a table created after 025: on a cluster, `create` (the CREATE of `<table>_local`) then the
   * Distributed `<table>` over it, sharded by `cityHash64(key)` (ORDER BY columns, see 025); on one
   * node `create` of `<table>`. `create` receives the name to create.
   */
  shardedTable(table: string, key: string, create: (name: string) => string): string[];
}

export function ddlFor(target: RenderTarget): Ddl {
  const quoted = '`' + target.database.replace(/`/g, '') + '`';
  const onCluster = target.cluster ? ` ON CLUSTER '${target.cluster.replace(/'/g, '')}'` : '';
  return {
    target,
    db: quoted,
    onCluster,
    engine(family, table, ...args) {
      if (!target.cluster) return `${family}(${args.join(', ')})`;
      const zkPath = `'/clickhouse/tables/{shard}/${target.database}/${table}'`;
      return `Replicated${family}(${[zkPath, "'{replica}'", ...args].join(', ')})`;
    },
    dedupSettings() {
      return target.cluster
        ? `replicated_deduplication_window = ${target.dedupWindow}`
        : `non_replicated_deduplication_window = ${target.dedupWindow}`;
    },
    columnsOf(table) {
      return target.cluster ? [`${quoted}.${table}_local`, `${quoted}.${table}`] : [`${quoted}.${table}`];
    },
    shardedTable(table, key, create) {
      if (!target.cluster) return [create(table)];
      const cluster = target.cluster.replace(/'/g, '');
      const database = target.database.replace(/[`']/g, '');
      return [
        create(`${table}_local`),
        `CREATE TABLE IF NOT EXISTS ${quoted}.${table}${onCluster} AS ${quoted}.${table}_local
    ENGINE = Distributed('${cluster}', '${database}', '${table}_local', cityHash64(${key}))`,
      ];
    },
  };
}

export interface Migration {
  version: number;
  name: string;
  statements(ddl: Ddl): string[];
}

export function renderMigration(migration: Migration, target: RenderTarget): string[] {
  return migration.statements(ddlFor(target)).map((s) => s.trim());
}

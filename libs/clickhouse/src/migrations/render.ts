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

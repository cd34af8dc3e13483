import { createClickHouse, migrate, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { workerDataDir } from './worker-data-dir';

/**
 * A fresh, migrated ClickHouse database of its own, without the rest of Hourglass: for tests that
 * run SQL directly (builders, views, the covered-time oracle). chDB in the jest worker's data
 * directory, or the server CLICKHOUSE_URL names.
 */
export interface TestDatabase {
  client: ClickHouseClient;
  /** The database name, unquoted. */
  name: string;
  /** The name quoted for SQL text: `name`. */
  db: string;
  drop(): Promise<void>;
}

export async function freshDatabase(prefix: string): Promise<TestDatabase> {
  const config = loadConfig({
    HOURGLASS_DATA_DIR: workerDataDir(),
    ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}),
  });
  const client = createClickHouse(config);
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  // schema_migrations records when each migration ran; a fixed instant keeps today's date out.
  await migrate(client, { database: name, cluster: null, dedupWindow: 10_000 }, { nowMs: () => Date.UTC(2025, 0, 1) });
  return {
    client,
    name,
    db: '`' + name + '`',
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS \`${name}\`` });
      await client.close();
    },
  };
}

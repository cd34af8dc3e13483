import * as fs from 'node:fs';
import { createClickHouse, migrate, useDatabase, type ClickHouseClient } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { systemClock } from '@hourglass/kernel';
import { workerDataDir } from './harness';

/**
 * A migrated ClickHouse database of its own, without the rest of Hourglass: for tests of the kernel's
 * adapters. Embedded chDB in the worker's directory (one per process), or CLICKHOUSE_URL when set.
 */
export async function freshClickHouse(): Promise<{ client: ClickHouseClient; database: string }> {
  const database = `k_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const config = loadConfig({
    HOURGLASS_DATA_DIR: workerDataDir(),
    CLICKHOUSE_DATABASE: database,
    ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}),
  });
  fs.mkdirSync(config.clickhouse.dataDir, { recursive: true });
  const client = createClickHouse(config);
  await migrate(client, { database, cluster: null, dedupWindow: 10_000 }, systemClock);
  return { client: await useDatabase(client, config, database), database };
}

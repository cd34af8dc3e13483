import { createClickHouse, MIGRATIONS, migrate, queryRows, type ClickHouseClient, type Migration } from '@hourglass/clickhouse';
import { loadConfig } from '@hourglass/config';
import { workerDataDir } from '../support/worker-data-dir';

/**
 * The migrator on a real engine (chDB, or the server CLICKHOUSE_URL names): a migration that renders
 * nothing for the target is recorded all the same, and a rename (the one statement without IF NOT
 * EXISTS) can run again after an interrupted run, as 025 does on a cluster.
 */
describe('migrate', () => {
  const clock = { nowMs: () => Date.UTC(2025, 0, 1) };
  let client: ClickHouseClient;
  let name: string;
  let db: string;

  beforeAll(() => {
    client = createClickHouse(loadConfig({ HOURGLASS_DATA_DIR: workerDataDir(), ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}) }));
    name = `migrator_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    db = '`' + name + '`';
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  const versions = async () => (await queryRows<{ version: number }>(client, `SELECT version FROM ${db}.schema_migrations FINAL ORDER BY version`)).map((r) => Number(r.version));

  it('records migration 25 on one node, where it renders no statement, and leaves every table where it was', async () => {
    const result = await migrate(client, { database: name, cluster: null, dedupWindow: 10_000 }, clock);
    expect(result.applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await versions()).toEqual(MIGRATIONS.map((m) => m.version));
    const local = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name LIKE '%\\_local'`, { db: name });
    expect(local[0]!.n).toBe('0');
    expect(await queryRows(client, `SELECT count() AS n FROM ${db}.usage_events`)).toEqual([{ n: '0' }]);
  });

  it('runs a rename again harmlessly: a rename whose new name exists was done already', async () => {
    const renaming: Migration = {
      version: 900,
      name: 'rename then replace',
      statements: ({ db: d }) => [
        `CREATE TABLE IF NOT EXISTS ${d}.facts (id String) ENGINE = MergeTree ORDER BY id`,
        `RENAME TABLE ${d}.facts TO ${d}.facts_local`,
        `CREATE TABLE IF NOT EXISTS ${d}.facts AS ${d}.facts_local ENGINE = Merge('${name}', '^facts_local$')`,
      ],
    };
    await migrate(client, { database: name, cluster: null, dedupWindow: 10_000 }, clock, [renaming]);
    await client.insert({ table: `${name}.facts_local`, values: [{ id: 'a' }], format: 'JSONEachRow' });
    // The same statements again, as a run interrupted before it recorded its version would repeat them.
    const result = await migrate(client, { database: name, cluster: null, dedupWindow: 10_000 }, clock, [{ ...renaming, version: 901 }]);
    expect(result.applied).toEqual([901]);
    expect(await queryRows(client, `SELECT id FROM ${db}.facts`)).toEqual([{ id: 'a' }]);
    const engines = await queryRows<{ name: string; engine: string }>(client, `SELECT name, engine FROM system.tables WHERE database = {db:String} AND name LIKE 'facts%' ORDER BY name`, { db: name });
    expect(engines).toEqual([
      { name: 'facts', engine: 'Merge' },
      { name: 'facts_local', engine: 'MergeTree' },
    ]);
  });
});

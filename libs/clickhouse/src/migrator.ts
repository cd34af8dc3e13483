import type { ClickHouseClient } from '@clickhouse/client';
import type { Clock } from '@hourglass/contracts';
import { MIGRATIONS, renderMigration, type Migration, type RenderTarget } from './migrations';
import { chDateTime, queryRows } from './query';

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
}

/** `RENAME TABLE a TO b[ ON CLUSTER c]`: the one statement migrations use that has no IF NOT EXISTS. */
const RENAME = /^RENAME TABLE (\S+) TO (\S+)(?: ON CLUSTER '[^']*')?$/;

/**
 * Runs one statement so that running it again is harmless. A rename whose new name exists already
 * was done (by a run that was interrupted, or by another process starting at the same time, which
 * is also why a failed rename is forgiven when the new name exists afterwards); running it again
 * would fail, and renaming a table that a later statement turned into something else would be wrong.
 */
async function runStatement(client: ClickHouseClient, statement: string): Promise<void> {
  const rename = RENAME.exec(statement);
  const renamedAlready = async () => Number((await queryRows<{ result: number }>(client, `EXISTS TABLE ${rename![2]}`))[0]?.result) === 1;
  if (rename && (await renamedAlready())) return;
  try {
    await client.command({ query: statement });
  } catch (error) {
    if (rename && (await renamedAlready())) return;
    throw error;
  }
}

/**
 * Applies pending migrations in order and records each in schema_migrations. Every statement is
 * `IF NOT EXISTS` (or a rename runStatement skips once done), so a migration interrupted halfway is
 * simply run again. A migration may render no statement for a target (025 on one node): it is
 * recorded as applied all the same. Applied versions are read from schema_migrations and skipped,
 * never replayed: a warm start costs one query.
 */
export async function migrate(
  client: ClickHouseClient,
  target: RenderTarget,
  clock: Clock,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const db = '`' + target.database + '`';
  const onCluster = target.cluster ? ` ON CLUSTER '${target.cluster}'` : '';
  const appliedVersions = async () =>
    new Set((await queryRows<{ version: number }>(client, `SELECT version FROM ${db}.schema_migrations FINAL`)).map((r) => Number(r.version)));
  // A warm store (every start but the first) is checked with one probe and one read of the version
  // table; the database and the table are created only when the probe finds them missing (asked, not
  // tried: a failed read is logged by the client as an error an operator would chase).
  const exists = await queryRows<{ result: number }>(client, `EXISTS TABLE ${db}.schema_migrations`);
  let done = Number(exists[0]?.result) === 1 ? await appliedVersions() : null;
  if (done === null) {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}${onCluster}` });
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations${onCluster} (
      version UInt32, name String, applied_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
    });
    done = await appliedVersions();
  }
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) {
      result.alreadyApplied.push(migration.version);
      continue;
    }
    for (const statement of renderMigration(migration, target)) {
      await runStatement(client, statement);
    }
    await client.insert({
      table: `${target.database}.schema_migrations`,
      values: [{ version: migration.version, name: migration.name, applied_at: chDateTime(clock.nowMs()) }],
      format: 'JSONEachRow',
    });
    result.applied.push(migration.version);
  }
  return result;
}

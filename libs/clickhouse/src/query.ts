import type { ClickHouseClient } from '@clickhouse/client';

/** Runs a SELECT and returns its rows; parameters are bound server-side, never spliced. */
export async function queryRows<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

/**
 * Per-insert settings go into the statement's own SETTINGS clause, never `clickhouse_settings`: the
 * chDB connection turns those into session-wide `SET`s, so a dedup token would stick to every later
 * insert and silently drop them.
 */
export async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly object[],
  dedupToken?: string,
): Promise<void> {
  if (rows.length === 0) return;
  const settings = dedupToken ? ` SETTINGS insert_deduplication_token = '${dedupToken.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : '';
  await client.insert({ table: `${table}${settings}`, values: rows as object[], format: 'JSONEachRow' });
}

/** DateTime64(3, 'UTC') literal for JSONEachRow inserts: unambiguous without best_effort parsing. */
export function chDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses a DateTime64 value as ClickHouse returns it ('YYYY-MM-DD hh:mm:ss.sss' or ISO), as UTC. */
export function parseChDateTime(value: string): number {
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return Date.parse(iso.endsWith('Z') ? iso : iso + 'Z');
}

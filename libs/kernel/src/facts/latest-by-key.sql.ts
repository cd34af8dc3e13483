import type { LatestByKey } from './fact-table';

/**
 * The latest version of every key: `argMax(column, version)` per non-key column, grouped by the key.
 * `prefer_column_name_to_alias` keeps `argMax(x, updated_at) AS updated_at` from resolving the second
 * `updated_at` to the alias (an aggregate inside an aggregate). `where` filters rows before the
 * choice, so it names key columns only: a filter on another column would return an older version of a
 * key whose latest version fails it.
 */
export function latestByKeySql(qualifiedTable: string, columns: readonly string[], latest: LatestByKey, where: string | null = null): string {
  const keys = new Set(latest.key);
  for (const k of latest.key) if (!columns.includes(k)) throw new Error(`key column ${k} is not one of the table's columns`);
  const select = columns.map((c) => (keys.has(c) ? c : `argMax(${c}, ${latest.version}) AS ${c}`)).join(', ');
  return [
    `SELECT ${select} FROM ${qualifiedTable}`,
    ...(where ? [`WHERE ${where}`] : []),
    `GROUP BY ${latest.key.join(', ')}`,
    `ORDER BY ${latest.key.join(', ')}`,
    'SETTINGS prefer_column_name_to_alias = 1',
  ].join(' ');
}

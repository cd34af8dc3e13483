/**
 * The data dictionary (issue #15.5): markdown generated from the comments of the live schema, so the
 * document cannot say something the database does not. Tables whose comment starts with
 * INTERNAL_PREFIX are listed without their columns: they are Hourglass's machinery, not a source.
 */
export const INTERNAL_PREFIX = 'internal machinery';

export interface SchemaTable {
  name: string;
  engine: string;
  comment: string;
}

export interface SchemaColumn {
  table: string;
  name: string;
  type: string;
  comment: string;
}

export const isInternal = (t: SchemaTable) => t.comment.startsWith(INTERNAL_PREFIX);

/** What a finance reader would find undocumented: tables and columns without a comment. */
export function undocumented(tables: readonly SchemaTable[], columns: readonly SchemaColumn[]): string[] {
  const queryable = new Set(tables.filter((t) => !isInternal(t)).map((t) => t.name));
  return [
    ...tables.filter((t) => t.comment.trim() === '').map((t) => `table ${t.name}`),
    ...columns.filter((c) => queryable.has(c.table) && c.comment.trim() === '').map((c) => `column ${c.table}.${c.name}`),
  ];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDataDictionary(tables: readonly SchemaTable[], columns: readonly SchemaColumn[]): string {
  const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const kind = (t: SchemaTable) => (t.engine === 'View' ? 'view' : 'table');
  const lines = [
    '# Data dictionary',
    '',
    '<!-- Generated from the comments of the live schema by `npm run docs:dictionary`; do not edit by hand.',
    '     tests/integration/data-dictionary.test.ts fails when this file and the schema differ. -->',
    '',
    'Every table and view of the Hourglass ClickHouse database that finance may query, with its columns.',
    'Conventions: timestamps are UTC, millisecond precision; amounts are Decimal in major units of the',
    "row's `currency` (ISO 4217); a period is a UTC calendar month `YYYY-MM`; an `*_end` is exclusive;",
    'GPU-ms are GPU count × covered milliseconds. Start with `invoice_summary` (what each customer owes),',
    '`invoice_line_items`, `receivables_aging`, `operator_earnings` and `revenue_by_gpu_model`; example',
    'queries are in [finance-queries.md](finance-queries.md).',
    '',
    '| name | kind | what it is |',
    '|---|---|---|',
    ...sorted.filter((t) => !isInternal(t)).map((t) => `| [\`${t.name}\`](#${t.name}) | ${kind(t)} | ${cell(t.comment)} |`),
    '',
  ];
  for (const t of sorted.filter((x) => !isInternal(x))) {
    lines.push(`## ${t.name}`, '', `${kind(t)}: ${cell(t.comment)}`, '', '| column | type | meaning |', '|---|---|---|');
    for (const c of columns.filter((x) => x.table === t.name)) lines.push(`| \`${c.name}\` | \`${cell(c.type)}\` | ${cell(c.comment)} |`);
    lines.push('');
  }
  lines.push('## Internal tables', '', 'Not a finance source; they may change without notice:', '');
  for (const t of sorted.filter(isInternal)) lines.push(`- \`${t.name}\``);
  lines.push('');
  return lines.join('\n');
}

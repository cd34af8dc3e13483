import Table from 'cli-table3';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** "1234567.5" → "1,234,567.5": digits grouped, never converted to a float, so no digit changes. */
export function groupDigits(value: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!match) return value;
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${match[3] ?? ''}`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return groupDigits(String(v));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Columns whose every value is a number or a decimal string: right-aligned, digits grouped. */
function numericColumns(columns: string[], rows: Array<Record<string, unknown>>): Set<string> {
  return new Set(
    columns.filter((c) => {
      const values = rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined && v !== '');
      return values.length > 0 && values.every((v) => typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && DECIMAL.test(v)));
    }),
  );
}

/** Borderless, like `psql` or `kubectl get`: easy to read and to copy from. */
const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Rows as a table for people; --json and --format csv are for programs. */
export function printTable(rows: Array<Record<string, unknown>>, options: { columns?: string[]; headings?: Record<string, string> } = {}): string {
  if (rows.length === 0) return '(no rows)';
  const columns = options.columns ?? Object.keys(rows[0]!);
  const numeric = numericColumns(columns, rows);
  const table = new Table({
    head: columns.map((c) => options.headings?.[c] ?? c),
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: columns.map((c) => (numeric.has(c) ? 'right' : 'left')),
  });
  const body = rows.map((r) => columns.map((c) => (numeric.has(c) && typeof r[c] === 'string' ? groupDigits(r[c] as string) : cell(r[c]))));
  table.push(...body);
  const head = columns.map((c) => options.headings?.[c] ?? c);
  const widths = columns.map((_, i) => Math.max(head[i]!.length, ...body.map((b) => b[i]!.length)));
  const lines = table.toString().split('\n').map((l) => l.trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

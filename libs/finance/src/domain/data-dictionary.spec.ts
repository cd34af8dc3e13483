import { renderDataDictionary, undocumented, type SchemaColumn, type SchemaTable } from './data-dictionary';

const tables: SchemaTable[] = [
  { name: 'invoices', engine: 'ReplacingMergeTree', comment: 'Issued invoices' },
  { name: 'invoice_summary', engine: 'View', comment: 'What each customer owes' },
  { name: 'outbox', engine: 'MergeTree', comment: 'internal machinery of Hourglass' },
];
const columns: SchemaColumn[] = [
  { table: 'invoices', name: 'total', type: 'Decimal(38, 12)', comment: 'amount | after credits' },
  { table: 'invoice_summary', name: 'due', type: 'Decimal(38, 12)', comment: 'still owed' },
  { table: 'outbox', name: 'payload', type: 'String', comment: '' },
];

describe('the data dictionary', () => {
  it('finds tables and queryable columns without a comment, not the internal tables', () => {
    expect(undocumented(tables, columns)).toEqual([]);
    expect(undocumented([...tables, { name: 'x', engine: 'View', comment: '' }], [...columns, { table: 'invoices', name: 'n', type: 'String', comment: ' ' }])).toEqual(['table x', 'column invoices.n']);
  });

  it('renders one section per queryable table, sorted, with escaped cells, and lists the internal ones by name', () => {
    const md = renderDataDictionary(tables, columns);
    expect(md.indexOf('## invoice_summary')).toBeLessThan(md.indexOf('## invoices'));
    expect(md).toContain('| `total` | `Decimal(38, 12)` | amount \\| after credits |');
    expect(md).toContain('view: What each customer owes');
    expect(md).not.toContain('## outbox');
    expect(md).toMatch(/## Internal tables[\s\S]*- `outbox`/);
  });
});

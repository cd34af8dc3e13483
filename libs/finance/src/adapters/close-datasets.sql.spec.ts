import { CLOSE_DATASETS, countSql, exportSql, totalsSql } from './close-datasets.sql';

describe('the close pack datasets', () => {
  it.each(CLOSE_DATASETS.map((d) => [d.name, d]))('%s: reads only what was recorded before asOf, in a fixed order', (_name, d) => {
    const sql = d.select('`hg`');
    expect(sql).toMatch(/\{asOf:DateTime64\(3, 'UTC'\)\}/);
    expect(sql).toMatch(/ORDER BY [^)]+$/);
    expect(d.totals.length).toBeGreaterThan(0);
  });

  it('have unique names, which are file names', () => {
    const names = CLOSE_DATASETS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z_]+$/);
  });

  it('count, total per currency and export the same selection', () => {
    const d = CLOSE_DATASETS.find((x) => x.name === 'invoices')!;
    expect(countSql(d, '`hg`')).toBe(`SELECT toUInt64(count()) AS rows FROM (${d.select('`hg`')})`);
    expect(totalsSql(d, '`hg`')).toMatch(/^SELECT currency, toString\(sum\(`subtotal`\)\) AS `subtotal`, .* GROUP BY currency ORDER BY currency$/);
    expect(exportSql(d, '`hg`', 'csv')).toMatch(/ FORMAT CSVWithNames$/);
    expect(exportSql(d, '`hg`', 'parquet')).toMatch(/ FORMAT Parquet$/);
  });
});

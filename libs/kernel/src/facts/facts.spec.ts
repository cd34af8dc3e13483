import { chunksOf } from './chunks';
import { latestByKeySql } from './latest-by-key.sql';

describe('chunksOf', () => {
  it.each([
    { rows: 0, max: 2, tokens: [] },
    { rows: 2, max: 2, tokens: ['run:lines:0'] },
    { rows: 5, max: 2, tokens: ['run:lines:0', 'run:lines:2', 'run:lines:4'] },
  ])('cuts $rows rows by $max with a token per chunk named by its offset', ({ rows, max, tokens }) => {
    const chunks = chunksOf(Array.from({ length: rows }, (_, i) => i), max, 'run:lines');
    expect(chunks.map((c) => c.dedupToken)).toEqual(tokens);
    expect(chunks.flatMap((c) => c.rows)).toEqual(Array.from({ length: rows }, (_, i) => i));
  });

  it('leaves chunks without a token when the write has none', () => {
    expect(chunksOf([1, 2, 3], 2, null).map((c) => c.dedupToken)).toEqual([null, null]);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => chunksOf([1], 0, null)).toThrow(/positive integer/);
  });
});

describe('latestByKeySql', () => {
  it('takes argMax of every non-key column by the version, grouped by the key', () => {
    expect(latestByKeySql('`db`.rental_versions', ['rental_id', 'document'], { key: ['rental_id'], version: '(updated_at, received_at)' })).toBe(
      'SELECT rental_id, argMax(document, (updated_at, received_at)) AS document FROM `db`.rental_versions GROUP BY rental_id ORDER BY rental_id SETTINGS prefer_column_name_to_alias = 1',
    );
  });

  it('filters on the key before choosing', () => {
    expect(latestByKeySql('t', ['k', 'v'], { key: ['k'], version: 'at' }, 'k IN {ks:Array(String)}')).toBe(
      'SELECT k, argMax(v, at) AS v FROM t WHERE k IN {ks:Array(String)} GROUP BY k ORDER BY k SETTINGS prefer_column_name_to_alias = 1',
    );
  });

  it('refuses a key that is not a column', () => {
    expect(() => latestByKeySql('t', ['v'], { key: ['k'], version: 'at' })).toThrow(/not one of the table's columns/);
  });
});

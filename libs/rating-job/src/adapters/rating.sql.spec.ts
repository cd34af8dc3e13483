import { cellPiecesSql, cellsSinceSql, outcomesAfterSql, outcomesInGapsSql, spendSql, sqlCellKey } from './rating.sql';

const DB = '`hg_test`';

/** `{name:Type}` placeholders, each once, in name order. */
function params(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\{(\w+):([^}]+)\}/g)].map((m) => `${m[1]}:${m[2]}`))].sort();
}

/** Every table the statement reads, as written after FROM. */
function tables(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\bFROM\s+([^\s(]+)/g)].map((m) => m[1]!))].sort();
}

describe('rating SQL builders (text)', () => {
  it.each<[string, string, string[], string[]]>([
    ['outcomesAfterSql', outcomesAfterSql(DB), ['after:UInt64', 'limit:UInt32'], [`${DB}.usage_outcomes`]],
    [
      'outcomesInGapsSql',
      outcomesInGapsSql(DB),
      ['froms:Array(UInt64)', 'hi:UInt64', 'limit:UInt32', 'lo:UInt64', 'tos:Array(UInt64)'],
      [`${DB}.usage_outcomes`],
    ],
    [
      'cellsSinceSql',
      cellsSinceSql(DB),
      ['afterHour:Int64', 'afterRental:String', 'fromHour:UInt64', 'fromMs:Int64', 'limit:UInt32', 'rentals:Array(String)'],
      [`${DB}.usage_outcomes`],
    ],
    ['cellPiecesSql', cellPiecesSql(DB), ['cells:Array(String)', 'fromMs:Int64', 'rentals:Array(String)', 'toMs:Int64'], [`${DB}.usage_outcomes`]],
    ['spendSql', spendSql(DB), ['customers:Array(String)', 'fromMs:Int64', 'toMs:Int64'], [`${DB}.rated_usage_versions`]],
  ])('%s binds every value as a typed parameter and reads only the given database', (_name, sql, expectedParams, expectedTables) => {
    expect(params(sql)).toEqual(expectedParams);
    expect(tables(sql)).toEqual(expectedTables);
    expect(sql).not.toContain('${');
  });

  it('bounds every read of usage outcomes: by sequence and a LIMIT, or by rentals and a time range', () => {
    expect(outcomesAfterSql(DB)).toMatch(/WHERE stream_seq > \{after:UInt64\}\s+ORDER BY stream_seq\s+LIMIT \{limit:UInt32\}/);
    expect(outcomesInGapsSql(DB)).toMatch(/stream_seq >= \{lo:UInt64\} AND stream_seq <= \{hi:UInt64\}[\s\S]*LIMIT \{limit:UInt32\}/);
    expect(cellsSinceSql(DB)).toMatch(/ORDER BY rental_id, h\s+LIMIT \{limit:UInt32\}/);
    expect(cellPiecesSql(DB)).toMatch(/interval_end > fromUnixTimestamp64Milli\(\{fromMs:Int64\}, 'UTC'\)\s+AND interval_start < fromUnixTimestamp64Milli\(\{toMs:Int64\}, 'UTC'\)/);
  });

  it('reads only accepted usage for covered time, every outcome for the watermark', () => {
    expect(cellsSinceSql(DB)).toContain("WHERE outcome = 'accepted'");
    expect(cellPiecesSql(DB)).toContain("WHERE outcome = 'accepted'");
    expect(outcomesAfterSql(DB)).not.toContain("outcome = 'accepted' AND");
  });

  it('keys a cell by rental and hour number, as cellPiecesSql matches it', () => {
    expect(sqlCellKey('r-1', Date.UTC(2026, 9, 1, 5))).toBe(`r-1@${Date.UTC(2026, 9, 1, 5) / 3_600_000}`);
    expect(cellPiecesSql(DB)).toContain("concat(rental_id, '@', toString(h)) IN {cells:Array(String)}");
  });
});

import { prepareText, QueryNotAllowed } from './statement-text';

describe('prepareText', () => {
  it.each([
    ['SELECT 1;', { text: 'SELECT 1', format: null }],
    ['SELECT 1 FORMAT CSVWithNames', { text: 'SELECT 1', format: 'CSVWithNames' }],
    ['SELECT 1 format csv -- last', { text: 'SELECT 1', format: 'CSV' }],
    ["SELECT format('{}', 'a') AS format FROM t", { text: "SELECT format('{}', 'a') AS format FROM t", format: null }],
    ["SELECT 'SETTINGS', `OUTFILE` FROM t", { text: "SELECT 'SETTINGS', `OUTFILE` FROM t", format: null }],
    ["SELECT 'it''s', 'a\\'b'", { text: "SELECT 'it''s', 'a\\'b'", format: null }],
  ])('reads %j', (raw, prepared) => {
    expect(prepareText(raw, 1_000)).toEqual(prepared);
  });

  it.each([
    ['SELECT 1; SELECT 2', /one statement/],
    ["SELECT 'a;b'", /one statement/],
    ['SELECT 1 SETTINGS readonly = 0', /SETTINGS/],
    ['SELECT 1 /* x */ settings max_threads = 1', /SETTINGS/],
    ["SELECT 1 INTO OUTFILE '/tmp/x'", /OUTFILE/],
    ['SELECT 1 FORMAT Parquet', /FORMAT Parquet is not allowed/],
    ["SELECT 'open", /unterminated/],
    ['SELECT 1 /* open', /unterminated/],
    ['   ', /empty/],
    ['SELECT ' + 'x'.repeat(2_000), /longer than/],
  ])('refuses %j', (raw, message) => {
    expect(() => prepareText(raw, 1_000)).toThrow(QueryNotAllowed);
    expect(() => prepareText(raw, 1_000)).toThrow(message);
  });
});

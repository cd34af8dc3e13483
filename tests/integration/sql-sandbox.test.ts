import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@hourglass/platform';
import { customer } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

type SqlAnswer = { status: number; body: { reason?: string; message?: string; rows?: Array<Record<string, unknown>> } | string; headers: Headers };

describe('/v1/sql: one read-only statement over Hourglass\'s own database, with limits', () => {
  let h: Harness;
  let clickhouse: ClickHouseClient;
  let fetched = 0;
  let bait: http.Server;
  let baitPort = 0;
  const outfile = path.join(os.tmpdir(), `hg-pwn-${process.pid}-${Date.now()}.txt`);
  const otherDatabase = `other_${process.pid}_${Date.now().toString(36)}`;
  const sql = (query: string, format?: string) => h.api('POST', '/v1/sql', format ? { query, format } : { query }) as Promise<SqlAnswer>;

  beforeAll(async () => {
    bait = http.createServer((_req, res) => {
      fetched += 1;
      res.end('fetched');
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    baitPort = (bait.address() as { port: number }).port;
    h = await startHarness({
      HOURGLASS_SQL_MAX_ROWS_TO_READ: '5000000',
      HOURGLASS_SQL_MAX_MEMORY_BYTES: String(256 * 1024 * 1024),
      HOURGLASS_SQL_MAX_RESULT_ROWS: '100000',
    });
    clickhouse = h.server.app.get<ClickHouseClient>(CLICKHOUSE);
    await clickhouse.command({ query: `CREATE DATABASE IF NOT EXISTS ${otherDatabase}` });
    await clickhouse.command({ query: `CREATE TABLE IF NOT EXISTS ${otherDatabase}.secrets (s String) ENGINE = MergeTree ORDER BY s` });
    await h.api('POST', '/v1/customers', [customer({ customerId: 'c-sql-1' }), customer({ customerId: 'c-sql-2', currency: 'EUR' })]);
  });
  afterAll(async () => {
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${otherDatabase} SYNC` }).catch(() => undefined);
    await h?.close();
    bait?.close();
    fs.rmSync(outfile, { force: true });
  });

  const hostile: Array<[string, () => string]> = [
    ['a file read through a table function', () => "SELECT * FROM file('/etc/passwd','LineAsString') LIMIT 2"],
    ['the same in another case', () => "SeLeCt * FrOm FiLe('/etc/passwd', 'LineAsString')"],
    ['a file read through the scalar file()', () => "SELECT file('/etc/passwd')"],
    ['a file read inside a lambda', () => "SELECT arrayMap(x -> file(x), ['/etc/passwd'])"],
    ['a file read in a UNION', () => "SELECT 'a' UNION ALL SELECT * FROM file('/etc/passwd', 'LineAsString')"],
    ['a file read in a CTE', () => "WITH p AS (SELECT * FROM file('/etc/passwd', 'LineAsString')) SELECT * FROM p"],
    ['APPLY, whose function the AST does not name', () => "SELECT * APPLY(file) FROM (SELECT '/etc/passwd' AS p)"],
    ['INTO OUTFILE', () => `SELECT 'x' INTO OUTFILE '${outfile}'`],
    ['INTO OUTFILE after a FORMAT', () => `SELECT 'x' INTO OUTFILE '${outfile}' FORMAT CSV`],
    ['a URL fetch', () => `SELECT * FROM url('http://127.0.0.1:${baitPort}/healthz', 'RawBLOB')`],
    ['remote()', () => 'SELECT * FROM remote(\'127.0.0.1\', system.one)'],
    ['s3()', () => "SELECT * FROM s3('http://127.0.0.1/bucket/x.csv')"],
    ['input()', () => "SELECT * FROM input('a String')"],
    ['executable()', () => "SELECT * FROM executable('id', 'TSV', 'x String')"],
    ['mysql()', () => "SELECT * FROM mysql('127.0.0.1:3306', 'db', 't', 'u', 'p')"],
    ['cluster()', () => "SELECT * FROM cluster('default', system.one)"],
    ['merge() over every database', () => "SELECT * FROM merge(REGEXP('.*'), '.*')"],
    ['system tables', () => 'SELECT * FROM system.tables'],
    ['system tables, quoted', () => 'SELECT name FROM `system`.`tables`'],
    ['system tables through IN', () => 'SELECT 1 WHERE 1 IN system.one'],
    ['system tables through GLOBAL IN', () => 'SELECT 1 WHERE dummy GLOBAL IN system.one'],
    ['INFORMATION_SCHEMA', () => 'SELECT * FROM INFORMATION_SCHEMA.tables'],
    ['system.numbers', () => 'SELECT count() FROM system.numbers LIMIT 10'],
    ['another database', () => `SELECT * FROM ${otherDatabase}.secrets`],
    ['SHOW TABLES of another database', () => 'SHOW TABLES FROM system'],
    ['SETTINGS readonly=0', () => 'SELECT 1 SETTINGS readonly = 0'],
    ['SETTINGS in a subquery that loosens a limit', () => 'SELECT * FROM (SELECT count() FROM numbers(100000000) SETTINGS max_rows_to_read = 0)'],
    ['SETTINGS hidden after a comment', () => 'SELECT 1 -- harmless\nSETTINGS max_execution_time = 0'],
    ['two statements', () => 'SELECT 1; SELECT 2'],
    ['a write after a read', () => 'SELECT 1; DROP TABLE audit_log'],
    ['";" inside a comment', () => 'SELECT 1 /* ; */'],
    ['";" inside a string', () => "SELECT 'a;b'"],
    ['an unterminated comment', () => 'SELECT 1 /* DROP TABLE audit_log'],
    ['a comment before a write', () => '/* SELECT */ INSERT INTO audit_log (id) VALUES (\'x\')'],
    ['DROP', () => 'DROP TABLE audit_log'],
    ['TRUNCATE', () => 'TRUNCATE TABLE audit_log'],
    ['ALTER DELETE', () => 'ALTER TABLE audit_log DELETE WHERE 1'],
    ['CREATE', () => 'CREATE TABLE x (a UInt8) ENGINE = Memory'],
    ['SET', () => 'SET readonly = 0'],
    ['SYSTEM', () => 'SYSTEM SHUTDOWN'],
    ['KILL', () => 'KILL QUERY WHERE 1'],
    ['EXPLAIN', () => 'EXPLAIN PIPELINE SELECT 1'],
    ['a dictionary', () => "SELECT dictGet('d', 'a', toUInt64(1))"],
    ['joinGet of a named table', () => "SELECT joinGet('system.one', 'dummy', 0)"],
    ['server settings', () => "SELECT getSetting('max_memory_usage')"],
    ['sleep', () => 'SELECT sleep(3)'],
    ['an output format that reads templates', () => 'SELECT 1 FORMAT Template'],
    ['a query parameter', () => 'SELECT {p:String}'],
    ['a query that is not SQL', () => 'hello'],
    ['no query at all', () => ''],
  ];

  it.each(hostile)('refuses %s with query_not_allowed and says what', async (_name, query) => {
    const r = await sql(query());
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'query_not_allowed', message: expect.any(String) });
    if (process.env.HG_PRINT_REFUSALS) process.stderr.write(`${_name}: ${(r.body as { message: string }).message.slice(0, 160)}\n`);
  });

  it('left no trace of the refused statements: no file written, no URL fetched, audit_log intact', async () => {
    expect(fs.existsSync(outfile)).toBe(false);
    expect(fetched).toBe(0);
    const tables = await h.sql<{ name: string }>('SHOW TABLES');
    expect(tables.map((t) => t.name)).toContain('audit_log');
    expect(tables.map((t) => t.name)).not.toContain('x');
  });

  it.each([
    ['a huge numbers() scan', 'SELECT count() FROM numbers(1000000000000)'],
    ['a huge scan in a UNION', 'SELECT 1 UNION ALL SELECT count() FROM numbers(100000000)'],
    ['a result past the row limit', 'SELECT number FROM numbers(200000)'],
    ['a memory bomb from one row', "SELECT length(arrayMap(x -> repeat('a', 1000), range(1000000)))"],
  ])('stops %s with a limit', async (_name, query) => {
    const r = await sql(query);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'query_limit_exceeded' });
  });

  it('leaves the session as it was: the limits were the statement\'s own', async () => {
    await sql('SELECT count() FROM numbers(10)');
    const rows = await (await clickhouse.query({ query: "SELECT getSetting('readonly') AS r, getSetting('max_rows_to_read') AS m", format: 'JSONEachRow' })).json();
    const [{ r, m }] = rows as Array<{ r: unknown; m: unknown }>;
    expect([String(r), String(m)]).toEqual(['0', '0']);
  });

  it('answers finance\'s ordinary queries', async () => {
    const customers = await sql("SELECT customer_id, currency FROM customers WHERE customer_id LIKE 'c-sql-%' ORDER BY customer_id");
    expect(customers.status).toBe(200);
    expect((customers.body as { rows: unknown[] }).rows).toEqual([
      { customer_id: 'c-sql-1', currency: 'USD' },
      { customer_id: 'c-sql-2', currency: 'EUR' },
    ]);
    const cte = await sql(
      "WITH c AS (SELECT customer_id FROM customers WHERE customer_id LIKE 'c-sql-%') SELECT count() AS n, 'format' AS format FROM c -- a trailing comment",
    );
    expect((cte.body as { rows: unknown[] }).rows).toEqual([{ n: '2', format: 'format' }]);
    expect((await sql('SELECT sum(number) AS s FROM numbers(1000)')).body).toEqual({ rows: [{ s: '499500' }] });
    const described = await sql('DESCRIBE TABLE audit_log');
    expect((described.body as { rows: Array<{ name: string }> }).rows.map((r) => r.name)).toContain('actor');
  });

  it('streams FORMAT CSVWithNames as text/csv, from the clause or from the body', async () => {
    const query = "SELECT customer_id, currency FROM customers WHERE customer_id LIKE 'c-sql-%' ORDER BY customer_id";
    const fromClause = await sql(`${query} FORMAT CSVWithNames`);
    expect(fromClause.status).toBe(200);
    expect(fromClause.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(fromClause.body).toBe('"customer_id","currency"\n"c-sql-1","USD"\n"c-sql-2","EUR"\n');
    const fromBody = await sql(query, 'CSV');
    expect(fromBody.body).toBe('"c-sql-1","USD"\n"c-sql-2","EUR"\n');
  });
});

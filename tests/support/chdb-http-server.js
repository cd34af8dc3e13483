#!/usr/bin/env node
// A test-only ClickHouse server: the chDB engine behind the subset of ClickHouse's HTTP interface that
// @clickhouse/client uses (queries with formats and settings, `param_*` parameters, inserts with data in
// the body, gzip both ways, errors in ClickHouse's shape, the summary and query-id headers). It lets
// several Hourglass processes share one store over an ordinary HTTP connection, as with a real server,
// and it is a separate process so that a test can SIGSTOP it. Production uses a real ClickHouse server.
//
//   node tests/support/chdb-http-server.js --port 8123 --path /tmp/store
'use strict';
const http = require('node:http');
const zlib = require('node:zlib');
const { randomUUID } = require('node:crypto');
const { Session } = require('chdb');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', '8123'));
const session = new Session(arg('path', './.chdb-http-server'));

// URL parameters that are the HTTP protocol's own, not settings.
const PROTOCOL = new Set(['query', 'database', 'query_id', 'session_id', 'role', 'default_format', 'user', 'password']);
// Settings that only make sense over HTTP; chDB has no use for them.
const HTTP_ONLY = new Set(['enable_http_compression', 'send_progress_in_http_headers', 'http_headers_progress_interval_ms', 'wait_end_of_query', 'http_write_exception_in_output_format']);

// One session, one query at a time: `USE` and `SET` are session state, so requests must not interleave.
let queue = Promise.resolve();
const serially = (work) => {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
};

function sqlString(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function statementFor(url, body) {
  const inUrl = url.searchParams.get('query');
  // An insert names itself in the URL and carries its rows in the body; a query is the body.
  const sql = inUrl !== null ? (body.length > 0 ? `${inUrl}\n${body}` : inUrl) : body;
  const prefix = [];
  const database = url.searchParams.get('database');
  if (database) prefix.push(`USE \`${database.replace(/`/g, '')}\``);
  for (const [key, value] of url.searchParams) {
    if (PROTOCOL.has(key) || HTTP_ONLY.has(key) || key.startsWith('param_')) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw Object.assign(new Error(`Code: 115. DB::Exception: Unknown setting ${key}. (UNKNOWN_SETTING)`), { code: 115 });
    prefix.push(/^-?\d+(\.\d+)?$/.test(value) ? `SET ${key} = ${value}` : `SET ${key} = ${sqlString(value)}`);
  }
  const params = {};
  for (const [key, value] of url.searchParams) if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
  return { prefix, sql, params };
}

function run({ prefix, sql, params }, format) {
  for (const statement of prefix) session.query(statement, 'CSV');
  const started = process.hrtime.bigint();
  const output = Object.keys(params).length > 0 ? session.queryBind(sql, params, format) : session.query(sql, format);
  return { output: output ?? '', elapsedNs: Number(process.hrtime.bigint() - started) };
}

function errorBody(error) {
  const message = String(error && error.message ? error.message : error);
  const code = (error && (error.clickhouseCode || error.code)) || Number((/Code: (\d+)/.exec(message) || [])[1]) || 1001;
  const text = /Code: \d+\. DB::Exception:/.test(message) ? message : `Code: ${code}. DB::Exception: ${message}. (STD_EXCEPTION)`;
  return { code: typeof code === 'number' ? code : 1001, text: `${text} (version chdb-http-server)\n` };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
    return;
  }
  const queryId = url.searchParams.get('query_id') || randomUUID();
  const headers = { 'x-clickhouse-query-id': queryId, 'x-clickhouse-server-display-name': 'chdb-http-server', 'x-clickhouse-timezone': 'UTC' };
  try {
    const body = await readBody(req);
    const statement = statementFor(url, body);
    const format = url.searchParams.get('default_format') || 'TabSeparated';
    const { output, elapsedNs } = await serially(() => run(statement, format));
    const payload = Buffer.from(output, 'utf8');
    headers['x-clickhouse-format'] = format;
    headers['x-clickhouse-summary'] = JSON.stringify({ read_rows: '0', read_bytes: '0', written_rows: '0', written_bytes: '0', total_rows_to_read: '0', result_rows: '0', result_bytes: String(payload.length), elapsed_ns: String(elapsedNs) });
    const gzip = url.searchParams.get('enable_http_compression') === '1' && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=UTF-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? zlib.gzipSync(payload) : payload);
  } catch (error) {
    const { code, text } = errorBody(error);
    res.writeHead(code === 60 || code === 81 ? 404 : 500, { ...headers, 'x-clickhouse-exception-code': String(code), 'content-type': 'text/plain; charset=UTF-8' });
    res.end(text);
  }
});

server.listen(port, '127.0.0.1', () => process.stdout.write(`chdb-http-server listening on http://127.0.0.1:${port}\n`));
const stop = () => server.close(() => {
  session.close();
  process.exit(0);
});
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

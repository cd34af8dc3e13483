import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { ensureBuilt, ServeProcess } from '../support/serve-process';

/** `hourglass serve` writing to a file logs JSON lines: no colour codes, a request id on request lines. */
describe('logs of hourglass serve when not on a terminal', () => {
  let nats: LocalService;
  let redis: LocalService;
  let dir: string;
  let logPath: string;
  let serve: ServeProcess;

  beforeAll(async () => {
    ensureBuilt();
    nats = await startLocalNats();
    redis = await startLocalRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-logs-'));
    logPath = path.join(dir, 'serve.log');
    serve = await ServeProcess.spawn(
      { NATS_URL: nats.url, REDIS_URL: redis.url, HOURGLASS_DATA_DIR: path.join(dir, 'chdb'), HOURGLASS_REDIS_PREFIX: 'logs:' },
      logPath,
    );
    await serve.ready();
  }, 120_000);

  afterAll(async () => {
    await serve?.stop().catch(() => undefined);
    await nats?.stop();
    await redis?.stop();
    if (dir && !process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('writes one JSON object per line, with the caller’s request id on the request line and in the response', async () => {
    const response = await fetch(`${serve.url}/v1/status`, { headers: { ...serve.authHeaders(), 'x-request-id': 'req-logs-1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-logs-1');
    const unnamed = await fetch(`${serve.url}/v1/status`, { headers: serve.authHeaders() });
    const generated = unnamed.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await serve.stop();

    const lines = fs
      .readFileSync(logPath, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('-----'));
    expect(lines.join('\n')).not.toMatch(/\u001b\[/);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLine = entries.find((e) => e.requestId === 'req-logs-1');
    expect(requestLine).toMatchObject({ level: 'info', req: { method: 'GET', url: '/v1/status' }, res: { statusCode: 200 }, message: 'request completed' });
    expect(new Date(String(requestLine!.time)).toISOString()).toBe(requestLine!.time);
    expect(JSON.stringify(requestLine)).not.toContain(serve.token);
    expect(entries.some((e) => e.requestId === generated)).toBe(true);
    expect(entries.some((e) => String(e.message).startsWith('serving on http://127.0.0.1:'))).toBe(true);
    // Probes are not logged: the readiness loop asked /healthz at least once.
    expect(entries.some((e) => (e.req as { url?: string } | undefined)?.url === '/healthz')).toBe(false);
  }, 120_000);
});

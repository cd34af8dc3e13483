import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVE_MAIN = path.join(ROOT, 'dist/apps/hourglass/src/main.js');

/**
 * The fault tests kill the real `hourglass serve`, so they run the compiled CLI. A stale build would
 * test yesterday's code: rebuild when any non-spec source under apps/ or libs/ is newer than it.
 */
export function ensureBuilt(): void {
  const builtMs = fs.existsSync(SERVE_MAIN) ? fs.statSync(SERVE_MAIN).mtimeMs : 0;
  const newestSourceMs = Math.max(newestTsMs(path.join(ROOT, 'apps')), newestTsMs(path.join(ROOT, 'libs')));
  if (builtMs >= newestSourceMs) return;
  process.stderr.write('[faults] dist/ is older than the sources: npm run build\n');
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  // tsc emits despite type errors elsewhere in the tree; only a missing entry point stops the run.
  if (result.status !== 0) process.stderr.write(`[faults] the build reported errors:\n${result.stdout}${result.stderr}\n`);
  // Library imports (@hourglass/<name>) become relative paths in dist/, as `npm run build` does.
  const alias = path.join(ROOT, 'node_modules/tsc-alias/dist/bin/index.js');
  const aliased = spawnSync(process.execPath, [alias, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (aliased.status !== 0) throw new Error(`tsc-alias failed:\n${aliased.stdout}${aliased.stderr}`);
  if (!fs.existsSync(SERVE_MAIN)) throw new Error(`build produced no ${SERVE_MAIN}`);
}

function newestTsMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTsMs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * One `hourglass serve` child process. Its output goes to `logPath` (appended across restarts), so a
 * failing run can show what the service said before it died.
 */
export class ServeProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly startedAtMs: number,
    private readonly env: Record<string, string>,
  ) {}

  /** The token `serve` accepts: HOURGLASS_API_TOKEN if set, else the admin token it keeps in its data directory. */
  get token(): string {
    if (this.env.HOURGLASS_API_TOKEN) return this.env.HOURGLASS_API_TOKEN;
    const dataDir = this.env.HOURGLASS_DATA_DIR ?? process.env.HOURGLASS_DATA_DIR ?? './.hourglass';
    return fs.readFileSync(path.join(path.resolve(dataDir), 'admin.token'), 'utf8').trim();
  }

  authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** `app`: one of the module apps under apps/ instead of `hourglass serve`. */
  static async spawn(env: Record<string, string>, logPath: string, app?: string): Promise<ServeProcess> {
    const port = await freePort();
    const log = fs.openSync(logPath, 'a');
    fs.writeSync(log, `\n----- ${app ?? 'serve'} on port ${port} at ${new Date().toISOString()} -----\n`);
    const argv = app ? [path.join(ROOT, `dist/apps/${app}/src/main.js`)] : [SERVE_MAIN, 'serve'];
    const child = spawn(process.execPath, argv, {
      env: { ...process.env, ...env, HOURGLASS_HTTP_PORT: String(port), HOURGLASS_HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    return new ServeProcess(child, `http://127.0.0.1:${port}`, Date.now(), env);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves once /healthz answers 200; rejects if the process dies first or `timeoutMs` passes. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`hourglass serve exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before it was ready`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    throw new Error(`hourglass serve was not ready within ${timeoutMs} ms`);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or acked; waits until the process is gone. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM, the way an operator stops it; SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }

  async api<T>(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url + urlPath, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.authHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${urlPath}: HTTP ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async sql<T>(query: string): Promise<T[]> {
    return (await this.api<{ rows: T[] }>('POST', '/v1/sql', { query })).rows;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function tail(file: string, lines: number): string {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

export const CLI = path.join(ROOT, 'bin', 'hourglass.js');

/** Runs the `hourglass` command as an operator would, against `apiUrl`. */
export function runCli(apiUrl: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env, HOURGLASS_API: apiUrl },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';

/** The compiled CLI, as an operator runs it: `node dist/apps/hourglass/src/main.js serve`. */
export const SERVE_MAIN = path.resolve(__dirname, '../../apps/hourglass/src/main.js');

export interface StartupReport {
  /** Process start → the usage consumer's first fetch, as the service measured it. */
  firstFetchMs: number;
  /** Wall time per phase; phases that ran together overlap (see libs/kernel startup-timeline.ts). */
  phasesMs: Record<string, number>;
}

/**
 * The real `hourglass serve` as a child process, its output appended to `logPath`. `spawnedAtMs` is
 * performance.now() of this (the benchmark's) process just before the spawn: "from process start".
 */
export class ServiceProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly spawnedAtMs: number,
    private readonly dataDir: string,
    private readonly logPath: string,
    private readonly logOffset: number,
  ) {}

  /** `app`: a module app (`dist/apps/<app>/src/main.js`) instead of `hourglass serve`. */
  static async spawn(env: Record<string, string>, logPath: string, nodeArgs: readonly string[] = [], app?: string): Promise<ServiceProcess> {
    const port = await freePort();
    const logOffset = fs.existsSync(logPath) ? fs.statSync(logPath).size : 0;
    const log = fs.openSync(logPath, 'a');
    const spawnedAtMs = performance.now();
    const entry = app ? [path.resolve(__dirname, `../../apps/${app}/src/main.js`)] : [SERVE_MAIN, 'serve'];
    const child = spawn(process.execPath, [...nodeArgs, ...entry], {
      env: { ...process.env, ...env, HOURGLASS_HTTP_PORT: String(port), HOURGLASS_HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    return new ServiceProcess(child, `http://127.0.0.1:${port}`, spawnedAtMs, env.HOURGLASS_DATA_DIR!, logPath, logOffset);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** What this run of the service wrote so far. */
  log(): string {
    const fd = fs.openSync(this.logPath, 'r');
    try {
      const size = fs.fstatSync(fd).size - this.logOffset;
      const buffer = Buffer.alloc(Math.max(0, size));
      fs.readSync(fd, buffer, 0, buffer.length, this.logOffset);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The `start-up {…}` line the usage consumer logs at its first fetch, once it is there. */
  startup(): StartupReport | null {
    for (const line of this.log().split('\n')) {
      // Off a terminal the service logs JSON lines: the report is inside the line's message.
      let message = line;
      try {
        message = (JSON.parse(line) as { message?: string }).message ?? line;
      } catch {
        // A plain text line.
      }
      const match = /start-up (\{.*\})$/.exec(message);
      if (match) return JSON.parse(match[1]!) as StartupReport;
    }
    return null;
  }

  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`hourglass serve exited (code ${this.child.exitCode}) before it was ready:\n${this.log().slice(-3000)}`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`hourglass serve was not ready within ${timeoutMs} ms`);
  }

  private get token(): string {
    return fs.readFileSync(path.join(path.resolve(this.dataDir), 'admin.token'), 'utf8').trim();
  }

  async api<T>(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url + urlPath, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${this.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${urlPath}: HTTP ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async sql<T>(query: string): Promise<T[]> {
    return (await this.api<{ rows: T[] }>('POST', '/v1/sql', { query })).rows;
  }

  /** Resident set now and its high-water mark, in MiB (chDB included: it lives in the process). */
  memory(): { rssMiB: number; peakMiB: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMiB: Math.round(kb('VmRSS') / 1024), peakMiB: Math.round(kb('VmHWM') / 1024) };
  }

  /** SIGTERM, as an operator stops it (the batch in hand is finished and acked); SIGKILL after `graceMs`. */
  async stop(graceMs = 60_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

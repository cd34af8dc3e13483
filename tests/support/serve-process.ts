import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../libs/platform/src/local-services';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'hourglass.js');

/** `hourglass serve` as a child process of the compiled build, as an operator would run it. */
export interface ServeProcess {
  env: Record<string, string>;
  url: string;
  child: ChildProcess;
  logs(): string;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string };
}

export async function serveProcess(env: Record<string, string>): Promise<ServeProcess> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'apps', 'hourglass', 'src', 'main.js'))) {
    throw new Error("dist/ is missing: run 'npm run build' first (npm test does)");
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-serve-'));
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HOURGLASS_DATA_DIR: dataDir,
    HOURGLASS_HTTP_PORT: String(port),
    HOURGLASS_HTTP_HOST: '127.0.0.1',
    HOURGLASS_API: `http://127.0.0.1:${port}`,
    ...env,
  };
  let output = '';
  const handle: ServeProcess = {
    env: fullEnv,
    url: `http://127.0.0.1:${port}`,
    child: null as unknown as ChildProcess,
    logs: () => output,
    async start() {
      const child = spawn(process.execPath, [CLI, 'serve'], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      handle.child = child;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`hourglass serve exited (${child.exitCode}):\n${output}`);
        const ok = await fetch(`${handle.url}/healthz`).then((r) => r.ok).catch(() => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`hourglass serve did not become healthy:\n${output}`);
    },
    async kill(signal = 'SIGTERM') {
      const child = handle.child;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
    cli(args, input) {
      const r = spawnSync(process.execPath, [CLI, ...args], { env: fullEnv, input, encoding: 'utf8', timeout: 120_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
  return handle;
}

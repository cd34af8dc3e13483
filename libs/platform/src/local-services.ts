import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Private nats-server and redis-server processes on spare loopback ports, each with its own temporary
 * directory: the demo and the tests use them so they never touch shared state.
 */
export interface LocalService {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /**
   * Kills the server (SIGKILL) and starts it again on the same port and directory; with `wipe`, the
   * directory emptied in between, as a server that lost its disk.
   */
  restart(downMs?: number, options?: { wipe?: boolean }): Promise<void>;
}

export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function binaryPath(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed: apt-get install ${name === 'nats-server' ? 'nats-server' : 'redis-server'}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

async function startRestartable(name: string, port: number, dir: string, args: string[], env: Record<string, string> = {}): Promise<LocalService> {
  const launch = async () => {
    const child = spawn(binaryPath(name), args, { stdio: 'ignore', env: { ...process.env, ...env } });
    await waitForPort(port, 10_000, child, name);
    return child;
  };
  const service: LocalService = {
    url: '',
    port,
    dir,
    process: await launch(),
    stop: () => stopper(service.process, dir)(),
    async restart(downMs = 0, options = {}) {
      const exited = new Promise((r) => service.process.once('exit', r));
      service.process.kill('SIGKILL');
      await exited;
      if (options.wipe) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
      }
      await new Promise((r) => setTimeout(r, downMs));
      service.process = await launch();
    },
  };
  return service;
}

/**
 * `configFile`: a server configuration such as deploy/nats/nats-server.conf (users and permissions);
 * its `$VARIABLES` come from `env`, and its JetStream store from NATS_STORE_DIR, set to `dir`.
 */
export async function startLocalNats(options: { port?: number; dir?: string; configFile?: string; env?: Record<string, string> } = {}): Promise<LocalService> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hg-nats-'));
  const args = options.configFile
    ? ['-c', options.configFile, '-a', '127.0.0.1', '-p', String(port)]
    : ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir];
  const service = await startRestartable('nats-server', port, dir, args, { ...options.env, NATS_STORE_DIR: dir });
  service.url = `nats://127.0.0.1:${port}`;
  return service;
}

export async function startLocalRedis(): Promise<LocalService> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-redis-'));
  const service = await startRestartable('redis-server', port, dir, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  service.url = `redis://127.0.0.1:${port}`;
  return service;
}

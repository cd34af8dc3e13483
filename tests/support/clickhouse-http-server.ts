import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';

const SCRIPT = path.join(__dirname, 'chdb-http-server.js');

/** The test-only ClickHouse server (chdb-http-server.js) as a child process with its own store. */
export class ClickHouseHttpServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<ClickHouseHttpServer> {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-chserver-'));
    const child = spawn(process.execPath, [SCRIPT, '--port', String(port), '--path', path.join(dir, 'store')], { stdio: 'ignore' });
    const server = new ClickHouseHttpServer(`http://127.0.0.1:${port}`, child, dir);
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`chdb-http-server exited with code ${child.exitCode}`);
      try {
        if ((await fetch(`${server.url}/ping`, { signal: AbortSignal.timeout(1_000) })).ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('chdb-http-server did not answer /ping within 30 s');
  }

  /** SIGSTOP: connections stay open and every query hangs, as with a server that froze. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      this.resume();
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

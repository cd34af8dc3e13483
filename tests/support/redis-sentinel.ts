import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';
import { askRedis } from './ask-redis';

export const MASTER = 'hourglass';

/**
 * A Redis primary, two replicas and three sentinels on loopback (Debian's redis-server binary runs the
 * sentinels with --sentinel), each in a temporary directory. Sentinels declare a primary down after
 * one second and fail over with a quorum of two. Two replicas, as in production: after a failover the
 * new primary still has a replica to confirm writes (HOURGLASS_REDIS_WAIT_REPLICAS=1).
 */
export class LocalRedisSentinel {
  private constructor(
    private readonly dir: string,
    readonly servers: Array<{ port: number; child: ChildProcess }>,
    readonly sentinels: Array<{ port: number; child: ChildProcess }>,
  ) {}

  /** `REDIS_SENTINELS` for Hourglass. */
  get sentinelsEnv(): string {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  static async start(): Promise<LocalRedisSentinel> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-sentinel-'));
    const [primaryPort, replicaPort, secondReplicaPort] = [await freePort(), await freePort(), await freePort()];
    const server = (port: number, extra: string[]) => {
      fs.mkdirSync(path.join(dir, String(port)));
      return { port, child: spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', path.join(dir, String(port)), ...extra], { stdio: 'ignore' }) };
    };
    const replicaOf = ['--replicaof', '127.0.0.1', String(primaryPort)];
    const servers = [server(primaryPort, []), server(replicaPort, replicaOf), server(secondReplicaPort, replicaOf)];
    const sentinels: Array<{ port: number; child: ChildProcess }> = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = path.join(dir, `sentinel-${port}.conf`);
      fs.writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${MASTER} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${MASTER} 1000`,
          `sentinel failover-timeout ${MASTER} 5000`,
          `sentinel parallel-syncs ${MASTER} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push({ port, child: spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }) });
    }
    const setup = new LocalRedisSentinel(dir, servers, sentinels);
    // Ready: the replicas in sync, and every sentinel seeing them and the two other sentinels.
    await setup.until(async () => {
      for (const port of [replicaPort, secondReplicaPort]) if (!String(await setup.ask(port, ['INFO', 'replication'])).includes('master_link_status:up')) return false;
      for (const s of sentinels) {
        const info = (await setup.ask(s.port, ['SENTINEL', 'MASTER', MASTER])) as string[];
        const field = (name: string) => Number(info[info.indexOf(name) + 1]);
        if (field('num-slaves') < 2 || field('num-other-sentinels') < 2) return false;
      }
      return true;
    }, 30_000, 'the replica and the sentinels did not come up');
    return setup;
  }

  /** The port the sentinels name as the primary now. */
  async primaryPort(): Promise<number> {
    const [, port] = (await this.ask(this.sentinels[0]!.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER])) as string[];
    return Number(port);
  }

  /**
   * SIGKILL of the primary; resolves once the sentinels have promoted a replica (and, with
   * `awaitReplica`, once another replica follows it).
   */
  async killPrimary(options: { awaitReplica: boolean } = { awaitReplica: true }): Promise<{ from: number; to: number }> {
    const from = await this.primaryPort();
    const primary = this.servers.find((s) => s.port === from)!;
    primary.child.kill('SIGKILL');
    let to = from;
    await this.until(async () => (to = await this.primaryPort()) !== from, 30_000, 'the sentinels did not fail over');
    // The other replica follows the new primary, so writes there can be confirmed again.
    if (options.awaitReplica)
      await this.until(async () => String(await this.ask(to, ['INFO', 'replication'])).includes('connected_slaves:1'), 30_000, 'no replica followed the new primary');
    return { from, to };
  }

  async stop(): Promise<void> {
    for (const p of [...this.sentinels, ...this.servers]) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private ask(port: number, command: string[]): Promise<unknown> {
    return askRedis(port, command);
  }

  private async until(done: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!(await done().catch(() => false))) {
      if (performance.now() > deadline) throw new Error(`${message} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

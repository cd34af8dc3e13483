import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';
import { askRedis } from './ask-redis';
import { waitUntil } from './wait-until';

interface ClusterNode {
  port: number;
  busPort: number;
  dir: string;
  child: ChildProcess;
}

/**
 * A Redis Cluster of masters without replicas on loopback, each `redis-server --cluster-enabled yes`
 * in a temporary directory, with no persistence: a master restarted keeps its slots (nodes.conf is in
 * its directory) and loses its data, as a master restarted without AOF does. The bus port is chosen
 * (cluster-port) rather than port + 10,000, which may be taken or out of range.
 */
export class LocalRedisCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: ClusterNode[],
  ) {}

  /** `REDIS_CLUSTER_NODES` for Hourglass. */
  get nodesEnv(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  get seeds(): Array<{ host: string; port: number }> {
    return this.nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
  }

  static async start(masters = 3): Promise<LocalRedisCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-redis-cluster-'));
    const nodes: ClusterNode[] = [];
    for (let i = 0; i < masters; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const nodeDir = path.join(dir, String(port));
      fs.mkdirSync(nodeDir);
      nodes.push({ port, busPort, dir: nodeDir, child: LocalRedisCluster.spawn(port, busPort, nodeDir) });
    }
    const cluster = new LocalRedisCluster(dir, nodes);
    try {
      for (const n of nodes) await waitUntil(() => cluster.ask(n.port, ['PING']), (pong) => pong === 'PONG', 10_000);
      const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
      await cluster.untilHealthy();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private static spawn(port: number, busPort: number, dir: string): ChildProcess {
    // A short node timeout: a restarted master is taken back in about a second.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--cluster-config-file', 'nodes.conf'];
    args.push('--cluster-node-timeout', '1000', '--save', '', '--appendonly', 'no', '--dir', dir);
    return spawn('redis-server', args, { stdio: 'ignore' });
  }

  /** Every node sees every slot served (cluster_state:ok) and agrees on who serves them. */
  async untilHealthy(timeoutMs = 30_000): Promise<void> {
    await waitUntil(
      async () => Promise.all(this.nodes.map(async (n) => String(await this.ask(n.port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok'))),
      (oks) => oks.every(Boolean),
      timeoutMs,
    );
  }

  /** The port of the master that serves `slot`. */
  async masterOf(slot: number): Promise<number> {
    const ranges = (await this.ask(this.nodes[0]!.port, ['CLUSTER', 'SLOTS'])) as Array<[number, number, [string, number]]>;
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  }

  async keySlot(key: string): Promise<number> {
    return Number(await this.ask(this.nodes[0]!.port, ['CLUSTER', 'KEYSLOT', key]));
  }

  /**
   * SIGKILL of the master on `port`, then the same server started again on the same port and
   * directory: it keeps its slots and comes back with no keys. Resolves once the Cluster is whole.
   */
  async restartEmpty(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port)!;
    const exited = new Promise((r) => node.child.once('exit', r));
    node.child.kill('SIGKILL');
    await exited;
    node.child = LocalRedisCluster.spawn(node.port, node.busPort, node.dir);
    await this.untilHealthy();
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** One command to one node, outside the Cluster client (null when the node does not answer). */
  ask(port: number, command: string[]): Promise<unknown> {
    return askRedis(port, command);
  }
}

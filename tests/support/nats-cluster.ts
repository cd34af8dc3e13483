import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@hourglass/platform';

export interface ClusterNode {
  name: string;
  port: number;
  clusterPort: number;
  dir: string;
  process: ChildProcess | null;
}

/**
 * Three (or n) nats-server processes on loopback, routed to each other as one JetStream cluster, each
 * with its own store: a node can be killed and started again on the same storage.
 */
export class LocalNatsCluster {
  private constructor(
    readonly nodes: ClusterNode[],
    private readonly root: string,
  ) {}

  /** NATS_URL as CONTRACTS.md §4 has it: every server, comma-separated. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',');
  }

  static async start(size = 3): Promise<LocalNatsCluster> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-nats-cluster-'));
    const nodes: ClusterNode[] = [];
    for (let i = 0; i < size; i++) {
      nodes.push({ name: `n${i + 1}`, port: await freePort(), clusterPort: await freePort(), dir: path.join(root, `n${i + 1}`), process: null });
    }
    const cluster = new LocalNatsCluster(nodes, root);
    await Promise.all(nodes.map((n) => cluster.launch(n)));
    return cluster;
  }

  async kill(name: string): Promise<void> {
    const node = this.node(name);
    if (!node.process || node.process.exitCode !== null) return;
    const exited = new Promise((r) => node.process!.once('exit', r));
    node.process.kill('SIGKILL');
    await exited;
    node.process = null;
  }

  async restart(name: string): Promise<void> {
    await this.kill(name);
    await this.launch(this.node(name));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.kill(n.name)));
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in this cluster`);
    return node;
  }

  private async launch(node: ClusterNode): Promise<void> {
    fs.mkdirSync(node.dir, { recursive: true });
    const routes = this.nodes.filter((n) => n !== node).map((n) => `nats://127.0.0.1:${n.clusterPort}`).join(',');
    const args = ['-js', '-sd', node.dir, '-a', '127.0.0.1', '-p', String(node.port), '-n', node.name, '--cluster_name', 'hg', '--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes];
    const child = spawn('nats-server', args, { stdio: 'ignore' });
    node.process = child;
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nats-server ${node.name} exited with code ${child.exitCode}`);
      if (await listening(node.port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`nats-server ${node.name} did not listen on ${node.port}`);
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

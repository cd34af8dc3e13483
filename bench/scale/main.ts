import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectNats, provisionStreams } from '@hourglass/nats';
import { freePort, startLocalNats, startLocalRedis } from '@hourglass/platform';
import { buildFleet, referenceDocuments } from '@hourglass/simulation';
import { ServiceProcess } from '../ingest/service';

/**
 * Scale-out benchmark: the same backlog drained by 1, 2 and 3 replicas of apps/metering sharing one
 * durable consumer and one ClickHouse server (the test server of tests/support: chDB behind the HTTP
 * interface, one query at a time). Per replica count: the drain rate from spawn, the scaling
 * efficiency against one replica, and the CPU each process spent, which names the bottleneck.
 */
const USAGE = `usage: node dist/bench/scale/main.js [--events N] [--replicas 1,2,3]
  pre-loads N events (default 200000) into a private nats-server, then for each replica count spawns
  that many metering apps against a private ClickHouse test server and times the drain`;

const ROOT = path.resolve(__dirname, '../../..');
const CLICKHOUSE_SERVER = path.join(ROOT, 'tests/support/chdb-http-server.js');
const INGEST_BENCH = path.join(ROOT, 'dist/bench/ingest/main.js');
const FLEET_END_MS = Date.parse('2026-11-01T00:00:00Z');
const fleet = buildFleet({ seed: 7, customers: 100, rentalsPerCustomer: 10, operators: 8, periodStartMs: FLEET_END_MS - 86_400_000, periodEndMs: FLEET_END_MS });

const progress = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startClickHouse(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLICKHOUSE_SERVER, '--port', String(port), '--path', path.join(dir, 'store')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/ping`)).ok) return { url, child };
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error('the ClickHouse test server did not answer /ping within 30 s');
}

interface RunResult {
  replicas: number;
  seconds: number;
  rate: number;
  cpu: { clickhouse: number; replicas: number[]; nats: number; redis: number };
}

async function run(replicas: number, events: number): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-scale-'));
  const [nats, redis] = await Promise.all([startLocalNats(), startLocalRedis()]);
  const clickhouse = await startClickHouse(dir);
  const services: ServiceProcess[] = [];
  try {
    const env = {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      CLICKHOUSE_URL: clickhouse.url,
      HOURGLASS_DATA_DIR: dir,
      HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '2000',
      HOURGLASS_LOG_FORMAT: 'json',
    };
    const nc = await connectNats(nats.url, 'hourglass-bench-scale');
    const jsm = await nc.jetstreamManager();
    await provisionStreams(jsm);
    // Warm: the store migrated and the fleet's reference data loaded, by one replica, then stopped.
    const warm = await ServiceProcess.spawn(env, path.join(dir, 'warm.log'), [], 'metering');
    await warm.ready();
    const documents = referenceDocuments(fleet);
    for (let i = 0; i < documents.length; i += 1_000) await warm.api('POST', '/v1/reference', { documents: documents.slice(i, i + 1_000) });
    await warm.stop();
    progress(`${replicas} replica(s): pre-loading ${events} events`);
    const publisher = spawnSync(process.execPath, [INGEST_BENCH, 'publish', '--nats', nats.url, '--days', '1', '--events', String(events)], { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
    if (publisher.status !== 0) throw new Error(`the publisher failed (${publisher.status})`);
    const total = (await jsm.streams.info('USAGE')).state.last_seq;
    const cpuBefore = { clickhouse: cpuSeconds(clickhouse.child.pid!), nats: cpuSeconds(nats.process.pid!), redis: cpuSeconds(redis.process.pid!) };
    const startMs = performance.now();
    for (let i = 0; i < replicas; i++) services.push(await ServiceProcess.spawn(env, path.join(dir, `metering-${i}.log`), [], 'metering'));
    let lastReport = startMs;
    for (;;) {
      const info = await jsm.consumers.info('USAGE', 'metering').catch(() => null);
      if (info && info.delivered.stream_seq >= total && info.num_pending + info.num_ack_pending === 0) break;
      for (const s of services) if (s.exited) throw new Error(`a metering replica exited:\n${s.log().slice(-2000)}`);
      if (performance.now() - lastReport > 5_000) {
        lastReport = performance.now();
        progress(`${replicas} replica(s): ${info?.ack_floor.stream_seq ?? 0} of ${total} acked`);
      }
      await sleep(100);
    }
    const seconds = (performance.now() - startMs) / 1000;
    const cpu = {
      clickhouse: cpuSeconds(clickhouse.child.pid!) - cpuBefore.clickhouse,
      replicas: services.map((s) => cpuSeconds(s.pid)),
      nats: cpuSeconds(nats.process.pid!) - cpuBefore.nats,
      redis: cpuSeconds(redis.process.pid!) - cpuBefore.redis,
    };
    await nc.close();
    return { replicas, seconds, rate: total / seconds, cpu };
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    clickhouse.child.kill('SIGKILL');
    await Promise.all([nats.stop(), redis.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { events: { type: 'string' }, replicas: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const events = Number(values.events ?? 200_000);
  const counts = (values.replicas ?? '1,2,3').split(',').map(Number);
  let single: number | null = null;
  for (const replicas of counts) {
    const r = await run(replicas, events);
    if (replicas === 1) single = r.rate;
    const efficiency = single === null ? 'n/a' : `${Math.round((r.rate / (single * replicas)) * 100)}%`;
    const load = os.loadavg()[0]!.toFixed(1);
    process.stdout.write(
      `scale replicas=${replicas} events=${events} drain=${r.seconds.toFixed(1)}s rate=${Math.round(r.rate)}/s efficiency=${efficiency} ` +
        `cpu-s: clickhouse-server=${r.cpu.clickhouse.toFixed(1)} metering=${r.cpu.replicas.map((c) => c.toFixed(1)).join('+')} nats=${r.cpu.nats.toFixed(1)} redis=${r.cpu.redis.toFixed(1)} load=${load}\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`bench:scale failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});

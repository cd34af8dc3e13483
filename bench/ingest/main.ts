import 'reflect-metadata';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { JetStreamManager, NatsConnection } from 'nats';
import { STANDARD_FAULTS } from '@hourglass/agent-sim';
import { runAgentSim } from '@hourglass/agent-sim';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import { connectNats, provisionStreams, STREAMS } from '@hourglass/nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { buildFleet, referenceDocuments, type BadReason, type Fleet, type UsageFaults } from '@hourglass/simulation';
import { jetStreamCeiling } from './ceilings';
import { cpuPerEvent, cpuSample, threadDelta, threadsByName } from './cpu';
import { summarizeProfile } from './profile';
import { ServiceProcess } from './service';

/**
 * Ingest benchmark: `catch-up` drains a pre-loaded backlog and compares the pipeline with the raw
 * ceilings of its parts; `live` runs a full-rate publisher beside the pipeline and measures the
 * latency from publish to queryable. Each prints one line of figures on stdout, progress on stderr.
 * Everything runs against private nats-server / redis-server processes and a temporary chDB
 * directory; the publisher is a child process, as agents are, so the peak RSS is the pipeline's.
 */

const USAGE = `usage: node dist/bench/ingest/main.js catch-up [--events N] [--no-ceiling] [--cpu-prof]
                                        | live [--rate R] [--seconds S] | profile FILE.cpuprofile...
  catch-up   pre-load N events (default 1000000), spawn hourglass serve (from dist/) on a warm data
             directory and time until every message has its row; then the raw JetStream ceiling on the
             same backlog (fetch 1000, parse, ack). --cpu-prof: profile the service, print its top functions
  live       a publisher at R events/s (default 50000; 0: full rate) beside the service for S seconds
             (default 30): latency publish -> queryable, RSS over time
  profile    the top functions (self time) of a node --cpu-prof profile
environment: HOURGLASS_BATCH_SIZE, HOURGLASS_BATCHES_IN_FLIGHT, HOURGLASS_FETCH_EXPIRES_MS, ... are read
             as by hourglass serve; HOURGLASS_RATING_INTERVAL_MS defaults to 0 (rating job off)`;

/** The simulated fleet: 1000 rentals reporting every minute, with a little of every fault. */
const FLEET_END_MS = Date.parse('2026-11-01T00:00:00Z');
const FLEET = { seed: 7, customers: 100, rentalsPerCustomer: 10, operators: 8 };
const BAD_REASONS: readonly BadReason[] = [
  'malformed_json',
  'schema_violation',
  'invalid_interval',
  'interval_too_long',
  'source_mismatch',
  'unknown_rental',
  'rental_mismatch',
  'outside_rental_window',
];
const FAULTS: UsageFaults = { ...STANDARD_FAULTS, badReasons: BAD_REASONS };
const POLL_MS = 100;

const progress = (line: string) => process.stderr.write(`[bench:ingest] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fleetOf(days: number): Fleet {
  return buildFleet({ ...FLEET, periodStartMs: FLEET_END_MS - days * 86_400_000, periodEndMs: FLEET_END_MS });
}

interface Environment {
  nats: LocalService;
  redis: LocalService;
  dir: string;
  /** What `hourglass serve` is started with (besides its HTTP port). */
  serviceEnv: Record<string, string>;
  /** The same settings as the service reads them. */
  config: HourglassConfig;
  logPath: string;
  /** The benchmark's own connection, for watching the stream and for the JetStream ceiling. */
  nc: NatsConnection;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

async function environment(): Promise<Environment> {
  const nats = await startLocalNats();
  const redis = await startLocalRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-ingest-'));
  const services: ServiceProcess[] = [];
  // Whatever ends the run, the private servers and their files go with it.
  process.once('exit', () => {
    for (const child of [nats.process, redis.process, ...services.map((s) => s.child)]) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(nats.dir, { recursive: true, force: true });
    fs.rmSync(redis.dir, { recursive: true, force: true });
  });
  const serviceEnv: Record<string, string> = {
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    HOURGLASS_DATA_DIR: path.join(dir, 'data'),
    CLICKHOUSE_DATABASE: 'bench',
    CLICKHOUSE_URL: '',
    // Short, so that the events of unknown rentals settle within a live run.
    HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: process.env.HOURGLASS_UNKNOWN_RENTAL_GRACE_MS ?? '2000',
    // The ingest path alone unless asked: the rating job re-reads usage every few seconds.
    HOURGLASS_RATING_INTERVAL_MS: process.env.HOURGLASS_RATING_INTERVAL_MS ?? '0',
  };
  const config = loadConfig({ ...process.env, ...serviceEnv });
  const nc = await connectNats(nats.url, 'hourglass-bench');
  const jsm = await nc.jetstreamManager();
  await provisionStreams(jsm);
  return {
    nats,
    redis,
    dir,
    serviceEnv,
    config,
    logPath: path.join(dir, 'serve.log'),
    nc,
    jsm,
    async close() {
      await nc.close();
      await nats.stop();
      await redis.stop();
      if (process.env.HG_BENCH_KEEP_LOG) fs.copyFileSync(path.join(dir, 'serve.log'), process.env.HG_BENCH_KEEP_LOG);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A warm data directory, as after any earlier run: `hourglass serve` started once (migrations,
 * instance id, admin token, durable consumers), the fleet's reference data loaded through its HTTP
 * API as `hourglass load` does, then stopped.
 */
async function warmUp(env: Environment, documents: readonly object[]): Promise<void> {
  const service = await ServiceProcess.spawn(env.serviceEnv, env.logPath);
  await service.ready();
  for (let i = 0; i < documents.length; i += 1_000) await service.api('POST', '/v1/reference', { documents: documents.slice(i, i + 1_000) });
  await service.stop();
}

interface PublisherSummary {
  published: number;
  brokerDuplicates: number;
  seconds: number;
}

/** The publisher as its own process: `main.js publish` (below), which runs apps/agent-sim. */
function spawnPublisher(natsUrl: string, args: { days: number; events?: number; seconds?: number; rate?: number }): { done: Promise<PublisherSummary> } {
  const argv = [__filename, 'publish', '--nats', natsUrl, '--days', String(args.days)];
  if (args.rate !== undefined) argv.push('--rate', String(args.rate));
  if (args.events !== undefined) argv.push('--events', String(args.events));
  if (args.seconds !== undefined) argv.push('--seconds', String(args.seconds));
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const done = new Promise<PublisherSummary>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`publisher exited with code ${code}`));
      else resolve(JSON.parse(out) as PublisherSummary);
    });
  });
  return { done };
}

/** Child role: publishes the fleet's usage at full rate until `events` are out or `seconds` are up. */
async function publishRole(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { nats: { type: 'string' }, days: { type: 'string' }, events: { type: 'string' }, seconds: { type: 'string' }, rate: { type: 'string' } } });
  const fleet = fleetOf(Number(values.days));
  const eventsMax = values.events === undefined ? Number.POSITIVE_INFINITY : Number(values.events);
  const abort = new AbortController();
  if (values.seconds !== undefined) setTimeout(() => abort.abort(), Number(values.seconds) * 1000).unref();
  let tapped = 0;
  let published = 0;
  let last = 0;
  const timer = setInterval(() => {
    progress(`publisher: ${published} published (${published - last}/s)`);
    last = published;
  }, 2_000);
  const result = await runAgentSim({
    natsUrl: values.nats!,
    fleet,
    usage: { seed: FLEET.seed, fromMs: fleet.periodStartMs, toMs: fleet.periodEndMs, faults: FAULTS },
    ratePerSecond: values.rate === undefined ? 0 : Number(values.rate),
    onProgress: (n) => (published = n),
    tap: () => {
      if (++tapped >= eventsMax) abort.abort();
    },
    signal: abort.signal,
  });
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ published: result.published, brokerDuplicates: result.brokerDuplicates, seconds: result.seconds }) + '\n');
}

function shape(config: HourglassConfig): string {
  const rating = config.rating.intervalMs === 0 ? 'off' : `${config.rating.intervalMs}ms`;
  return `batch=${config.metering.consumer.batchSizeMax} in-flight=${config.metering.consumer.batchesInFlightMax} rating=${rating}`;
}

/** Other work on the box skews every figure: say how busy it was (1-minute load average, cores). */
function loadNote(): string {
  return `load=${os.loadavg()[0]!.toFixed(1)}/${os.cpus().length}`;
}

async function streamLastSeq(jsm: JetStreamManager): Promise<number> {
  return (await jsm.streams.info(STREAMS.usage.name)).state.last_seq;
}

async function lag(jsm: JetStreamManager, durable: string): Promise<number> {
  const info = await jsm.consumers.info(STREAMS.usage.name, durable);
  return info.num_pending + info.num_ack_pending;
}

/** performance.now() at the first delivery to the durable consumer (its first fetch), polled every 20 ms. */
async function firstDelivery(jsm: JetStreamManager, durable: string, until: () => boolean): Promise<number | null> {
  while (!until()) {
    const info = await jsm.consumers.info(STREAMS.usage.name, durable).catch(() => null);
    if (info && info.delivered.stream_seq > 0) return performance.now();
    await sleep(20);
  }
  return null;
}

/**
 * Messages with their outcome row. Every message gets exactly one, and usage_events is the view of
 * the accepted ones, so when this reaches the stream's last sequence every event is queryable there.
 * A bare count() is answered from the parts' metadata: polling it costs the service next to nothing.
 */
async function outcomeRows(service: ServiceProcess): Promise<number> {
  const [row] = await service.sql<{ n: string }>('SELECT count() AS n FROM usage_outcomes');
  return Number(row!.n);
}

async function usageEvents(service: ServiceProcess): Promise<number> {
  const [row] = await service.sql<{ n: string }>('SELECT count() AS n FROM usage_events');
  return Number(row!.n);
}

const CATCH_UP_POLL_MS = 250;

/** Finds the profile `node --cpu-prof` wrote into `dir` when the service exited, and summarises it. */
function profileSummary(dir: string): string | null {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length === 0) return null;
  const file = path.join(dir, files.sort().at(-1)!);
  if (process.env.HG_BENCH_KEEP_PROFILE) fs.copyFileSync(file, process.env.HG_BENCH_KEEP_PROFILE);
  return summarizeProfile(file, 20);
}

interface CatchUpOptions {
  events: number;
  ceiling: boolean;
  cpuProfile: boolean;
}

async function catchUp(options: CatchUpOptions): Promise<void> {
  const env = await environment();
  try {
    const fleet = fleetOf(1);
    progress(`warming the data directory: hourglass serve started once, ${fleet.rentals.length} rentals' reference data loaded over HTTP, stopped`);
    await warmUp(env, referenceDocuments(fleet));
    progress(`pre-loading ${options.events} events (fleet of ${fleet.rentals.length} rentals, standard faults) into a private nats-server`);
    const published = await spawnPublisher(env.nats.url, { days: 1, events: options.events }).done;
    progress(`pre-loaded: ${published.published} published in ${published.seconds.toFixed(1)} s (${Math.round(published.published / published.seconds)}/s)`);
    const jsm = env.jsm;
    const total = await streamLastSeq(jsm);
    const durable = env.config.metering.consumer.durableName;
    progress(`backlog: ${total} messages in the stream; spawning hourglass serve (batch ${env.config.metering.consumer.batchSizeMax})`);

    const profileDir = path.join(env.dir, 'profile');
    const brokersBefore = cpuSample(process.pid, env.nats.process.pid, env.redis.process.pid);
    const service = await ServiceProcess.spawn(env.serviceEnv, env.logPath, options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    const firstFetchMs = await firstDelivery(jsm, durable, () => service.exited);
    if (firstFetchMs === null) throw new Error(`hourglass serve exited before its first fetch:\n${service.log().slice(-3000)}`);
    const cpuAtFirstFetch = cpuSample(service.pid, env.nats.process.pid, env.redis.process.pid);
    const threadsAtFirstFetch = threadsByName(service.pid);
    progress(`first fetch ${((firstFetchMs - service.spawnedAtMs) / 1000).toFixed(2)} s after the process was spawned`);
    await service.ready();
    let rows = 0;
    let lastReportMs = firstFetchMs;
    while (rows < total) {
      if (service.exited) throw new Error(`hourglass serve exited during the drain:\n${service.log().slice(-3000)}`);
      await sleep(CATCH_UP_POLL_MS);
      rows = await outcomeRows(service);
      if (performance.now() - lastReportMs > 2_000) {
        lastReportMs = performance.now();
        progress(`drain: ${rows} messages have their row (${Math.round((rows / (lastReportMs - firstFetchMs)) * 1000)}/s since first fetch), rss ${service.memory().rssMiB} MiB`);
      }
    }
    const doneMs = performance.now();
    const events = await usageEvents(service);
    const cpuEnd = cpuSample(service.pid, env.nats.process.pid, env.redis.process.pid);
    const memory = service.memory();
    const threads = threadDelta(threadsAtFirstFetch, threadsByName(service.pid));
    const startup = service.startup();
    const fromStartRate = total / ((doneMs - service.spawnedAtMs) / 1000);
    const fromFetchRate = total / ((doneMs - firstFetchMs) / 1000);
    const cpuDrain = cpuPerEvent(cpuAtFirstFetch, cpuEnd, total);
    const serviceCpuS = cpuEnd.main + cpuEnd.workers;
    const brokersCpu = `nats=${(cpuEnd.nats - brokersBefore.nats).toFixed(1)}s redis=${(cpuEnd.redis - brokersBefore.redis).toFixed(1)}s`;
    const load = loadNote();
    progress(`drained: ${total} messages (${events} in usage_events) ${((doneMs - service.spawnedAtMs) / 1000).toFixed(2)} s after spawn, ${((doneMs - firstFetchMs) / 1000).toFixed(2)} s after first fetch`);
    progress(`service CPU ${serviceCpuS.toFixed(1)} s (main ${cpuEnd.main.toFixed(1)}, other threads ${cpuEnd.workers.toFixed(1)}), brokers ${brokersCpu}; drain CPU µs/event ${cpuDrain}`);
    progress(`the service's threads during the drain: ${threads}`);
    if (startup) progress(`start-up (the service's own account): first fetch at ${startup.firstFetchMs} ms; ${Object.entries(startup.phasesMs).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    await service.stop();
    if (options.cpuProfile) {
      const summary = profileSummary(profileDir);
      progress(summary ?? 'no CPU profile was written');
    }

    let ceilingRate: number | null = null;
    if (options.ceiling) {
      ceilingRate = await jetStreamCeiling(env.nc, env.config, total, progress);
      progress(`raw JetStream ceiling (fetch 1000, parse, ack) on the same backlog: ${Math.round(ceilingRate)}/s`);
    }
    const phases = startup ? Object.entries(startup.phasesMs).map(([k, v]) => `${k}=${v}`).join(',') : 'unknown';
    process.stdout.write(
      `catch-up events=${total} ${shape(env.config)} ` +
        (ceilingRate === null ? '' : `ceiling=${Math.round(ceilingRate)}/s `) +
        `from-start=${Math.round(fromStartRate)}/s ` +
        (ceilingRate === null ? '' : `of-ceiling=${Math.round((fromStartRate / ceilingRate) * 100)}% `) +
        `from-first-fetch=${Math.round(fromFetchRate)}/s first-fetch=${Math.round(firstFetchMs - service.spawnedAtMs)}ms ` +
        `start-up-ms: ${phases} peak-rss=${memory.peakMiB}MiB cpu-us/event: ${cpuDrain} ${load}\n`,
    );
  } finally {
    await env.close();
  }
}

/** Latencies in ms, bucketed by ms, for quantiles without keeping every sample. */
class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  total = 0;
  add(latencyMs: number, count: number): void {
    const key = Math.max(0, Math.round(latencyMs));
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.total += count;
  }
  quantile(q: number): number {
    const target = q * this.total;
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(key)!;
      if (seen >= target) return key;
    }
    return Number.NaN;
  }
}

interface LiveOptions {
  seconds: number;
  /** Events per second the publisher aims at; 0: as fast as it can. */
  rate: number;
}

async function live(options: LiveOptions): Promise<void> {
  const { seconds } = options;
  const env = await environment();
  try {
    // Enough usage that the publisher never runs dry.
    const days = Math.max(1, Math.ceil((seconds * Math.max(options.rate, 120_000)) / 1_200_000));
    const fleet = fleetOf(days);
    await warmUp(env, referenceDocuments(fleet));
    const jsm = env.jsm;
    const durable = env.config.metering.consumer.durableName;
    const service = await ServiceProcess.spawn(env.serviceEnv, env.logPath);
    await service.ready();
    const cpuBefore = cpuSample(service.pid, env.nats.process.pid, env.redis.process.pid);
    progress(`service running; publishing at ${options.rate > 0 ? `${options.rate}/s` : 'full rate'} for ${seconds} s (fleet of ${fleet.rentals.length} rentals, standard faults)`);
    const publisher = spawnPublisher(env.nats.url, { days, seconds, rate: options.rate > 0 ? options.rate : undefined });
    let publishing = true;
    const published = publisher.done.finally(() => (publishing = false));

    // Publish → queryable: a row's received_at is when JetStream stored the message; a poll that
    // first sees the row bounds when it became queryable (up to one poll interval late).
    const histogram = new LatencyHistogram();
    const startedMs = performance.now();
    let window = new LatencyHistogram();
    let windowStartMs = startedMs;
    const timeline: string[] = [];
    let seenSeq = 0;
    while (publishing) {
      await sleep(POLL_MS);
      const rows = await service.sql<{ t: string; n: string; s: string }>(
        `SELECT toUnixTimestamp64Milli(received_at) AS t, count() AS n, max(stream_seq) AS s
         FROM usage_outcomes WHERE stream_seq > ${seenSeq} GROUP BY t`,
      );
      const nowMs = Date.now();
      for (const row of rows) {
        histogram.add(nowMs - Number(row.t), Number(row.n));
        window.add(nowMs - Number(row.t), Number(row.n));
        seenSeq = Math.max(seenSeq, Number(row.s));
      }
      if (performance.now() - windowStartMs >= 10_000) {
        const line = `t=${Math.round((performance.now() - startedMs) / 1000)}s consumed=${Math.round(window.total / ((performance.now() - windowStartMs) / 1000))}/s p99=${window.quantile(0.99)}ms rss=${service.memory().rssMiB}MiB`;
        timeline.push(line);
        progress(`live: ${line}`);
        window = new LatencyHistogram();
        windowStartMs = performance.now();
      }
    }
    const summary = await published;
    const endLag = await lag(jsm, durable);
    const memory = service.memory();
    const stored = await streamLastSeq(jsm);
    const cpu = cpuPerEvent(cpuBefore, cpuSample(service.pid, env.nats.process.pid, env.redis.process.pid), Math.max(1, histogram.total));
    progress(`publisher stopped: ${summary.published} published (${Math.round(summary.published / summary.seconds)}/s); lag ${endLag}`);
    const drainStartMs = performance.now();
    while ((await lag(jsm, durable)) > 0 && performance.now() - drainStartMs < 120_000) await sleep(POLL_MS);
    const drainSeconds = (performance.now() - drainStartMs) / 1000;
    await service.stop();

    process.stdout.write(
      `live seconds=${seconds} ${shape(env.config)} target=${options.rate > 0 ? `${options.rate}/s` : 'full'} published=${Math.round(summary.published / summary.seconds)}/s ` +
        `consumed=${Math.round(histogram.total / summary.seconds)}/s p50=${histogram.quantile(0.5)}ms p99=${histogram.quantile(0.99)}ms ` +
        `end-lag=${endLag} drain=${drainSeconds.toFixed(1)}s stored=${stored} rss=${memory.rssMiB}MiB peak-rss=${memory.peakMiB}MiB cpu-us/event: ${cpu} ${loadNote()}\n` +
        `rss and p99 over time: ${timeline.join(' | ')}\n`,
    );
  } finally {
    await env.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  if (mode === 'publish') return publishRole(rest);
  if (mode === 'profile') {
    for (const file of rest) process.stdout.write(`${summarizeProfile(file, 25)}\n`);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: { events: { type: 'string' }, seconds: { type: 'string' }, rate: { type: 'string' }, 'no-ceiling': { type: 'boolean' }, 'cpu-prof': { type: 'boolean' } },
  });
  if (mode === 'catch-up') return catchUp({ events: Number(values.events ?? 1_000_000), ceiling: values['no-ceiling'] !== true, cpuProfile: values['cpu-prof'] === true });
  if (mode === 'live') return live({ seconds: Number(values.seconds ?? 30), rate: Number(values.rate ?? 50_000) });
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

process.env.HOURGLASS_HTTP_HOST ??= '127.0.0.1';
main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:ingest failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);

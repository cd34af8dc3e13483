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
import { insertCeiling, jetStreamCeiling } from './ceilings';
import { cpuPerEvent, cpuSample, threadDelta, threadsByName } from './cpu';
import { loadReference, startPipeline, type Pipeline } from './pipeline';

/**
 * Ingest benchmark: `catch-up` drains a pre-loaded backlog and compares the pipeline with the raw
 * ceilings of its parts; `live` runs a full-rate publisher beside the pipeline and measures the
 * latency from publish to queryable. Each prints one line of figures on stdout, progress on stderr.
 * Everything runs against private nats-server / redis-server processes and a temporary chDB
 * directory; the publisher is a child process, as agents are, so the peak RSS is the pipeline's.
 */

const USAGE = `usage: node dist/bench/ingest/main.js catch-up [--events N] [--no-ceilings] | live [--seconds S]
  catch-up   pre-load N events (default 1000000), then drain them; also measures JetStream
             fetch-and-ack and chDB insert of the same backlog alone
  live       a full-rate publisher beside the pipeline for S seconds (default 30)
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
  config: HourglassConfig;
  /** The benchmark's own connection, for watching the stream and for the JetStream ceiling. */
  nc: NatsConnection;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

async function environment(): Promise<Environment> {
  const nats = await startLocalNats();
  const redis = await startLocalRedis();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-bench-ingest-'));
  // Whatever ends the run, the private servers and their files go with it.
  process.once('exit', () => {
    for (const child of [nats.process, redis.process]) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(nats.dir, { recursive: true, force: true });
    fs.rmSync(redis.dir, { recursive: true, force: true });
  });
  const config = loadConfig({
    ...process.env,
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    HOURGLASS_DATA_DIR: path.join(dir, 'chdb'),
    CLICKHOUSE_DATABASE: 'bench',
    CLICKHOUSE_URL: '',
    // Short, so that the events of unknown rentals settle within a live run.
    HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: '2000',
    // The ingest path alone unless asked: the rating job re-reads usage every few seconds.
    HOURGLASS_RATING_INTERVAL_MS: process.env.HOURGLASS_RATING_INTERVAL_MS ?? '0',
  });
  const nc = await connectNats(nats.url, 'hourglass-bench');
  const jsm = await nc.jetstreamManager();
  await provisionStreams(jsm);
  return {
    nats,
    redis,
    dir,
    config,
    nc,
    jsm,
    async close() {
      await nc.close();
      await nats.stop();
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface PublisherSummary {
  published: number;
  brokerDuplicates: number;
  seconds: number;
}

/** The publisher as its own process: `main.js publish` (below), which runs apps/agent-sim. */
function spawnPublisher(natsUrl: string, args: { days: number; events?: number; seconds?: number }): { done: Promise<PublisherSummary> } {
  const argv = [__filename, 'publish', '--nats', natsUrl, '--days', String(args.days)];
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
  const { values } = parseArgs({ args: argv, options: { nats: { type: 'string' }, days: { type: 'string' }, events: { type: 'string' }, seconds: { type: 'string' } } });
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

/** Peak resident set of this process so far (the kernel's high-water mark), in MiB. */
function peakRssMiB(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function streamLastSeq(jsm: JetStreamManager): Promise<number> {
  return (await jsm.streams.info(STREAMS.usage.name)).state.last_seq;
}

async function lag(jsm: JetStreamManager, durable: string): Promise<number> {
  const info = await jsm.consumers.info(STREAMS.usage.name, durable);
  return info.num_pending + info.num_ack_pending;
}

/** Resolves with performance.now() at the first delivery to the durable consumer (its first fetch). */
async function firstDelivery(jsm: JetStreamManager, durable: string): Promise<number> {
  for (;;) {
    const info = await jsm.consumers.info(STREAMS.usage.name, durable).catch(() => null);
    if (info && info.delivered.stream_seq > 0) return performance.now();
    await sleep(5);
  }
}

async function outcomeRows(pipeline: Pipeline): Promise<number> {
  const result = await pipeline.clickhouse.query({ query: 'SELECT count() AS n FROM usage_outcomes', format: 'JSONEachRow' });
  return Number((await result.json<{ n: string }>())[0]!.n);
}

async function catchUp(eventsTotal: number, ceilings: boolean): Promise<void> {
  const env = await environment();
  try {
    const fleet = fleetOf(1);
    progress(`pre-loading ${eventsTotal} events (fleet of ${fleet.rentals.length} rentals, standard faults) into a private nats-server`);
    const published = await spawnPublisher(env.nats.url, { days: 1, events: eventsTotal }).done;
    progress(`pre-loaded: ${published.published} published in ${published.seconds.toFixed(1)} s (${Math.round(published.published / published.seconds)}/s)`);

    await loadReference(env.config, referenceDocuments(fleet));
    const jsm = env.jsm;
    const total = await streamLastSeq(jsm);
    progress(`backlog: ${total} messages in the stream; starting the service (batch ${env.config.metering.consumer.batchSizeMax})`);

    const cpuBefore = cpuSample(env.nats.process.pid, env.redis.process.pid);
    const threadsBefore = threadsByName(process.pid);
    const bootMs = performance.now();
    const firstFetch = firstDelivery(jsm, env.config.metering.consumer.durableName);
    const pipeline = await startPipeline(env.config);
    const startedMs = await firstFetch;
    progress(`service up in ${((performance.now() - bootMs) / 1000).toFixed(1)} s; first fetch ${((startedMs - bootMs) / 1000).toFixed(1)} s after boot began`);
    let rows = 0;
    let lastReportMs = startedMs;
    while (rows < total) {
      await sleep(POLL_MS);
      rows = await outcomeRows(pipeline);
      if (performance.now() - lastReportMs > 2_000) {
        lastReportMs = performance.now();
        progress(`pipeline: ${rows} rows queryable (${Math.round((rows / (lastReportMs - startedMs)) * 1000)}/s so far)`);
      }
    }
    const pipelineSeconds = (performance.now() - startedMs) / 1000;
    const pipelineRate = total / pipelineSeconds;
    const rssMiB = peakRssMiB();
    const cpu = cpuPerEvent(cpuBefore, cpuSample(env.nats.process.pid, env.redis.process.pid), total);
    progress(`CPU µs per event: ${cpu}; this process's threads: ${threadDelta(threadsBefore, threadsByName(process.pid))}`);
    await pipeline.stopConsumer();
    const endLag = await lag(jsm, env.config.metering.consumer.durableName);
    progress(`pipeline: ${total} rows in ${pipelineSeconds.toFixed(2)} s; lag ${endLag}; peak RSS ${rssMiB} MiB`);

    if (!ceilings) {
      await pipeline.close();
      process.stdout.write(`catch-up events=${total} ${shape(env.config)} pipeline=${Math.round(pipelineRate)}/s peak-rss=${rssMiB}MiB end-lag=${endLag} cpu-us/event: ${cpu} ${loadNote()}\n`);
      return;
    }
    const jetStreamRate = await jetStreamCeiling(env.nc, env.config, total, progress);
    progress(`jetstream fetch-and-ack alone: ${Math.round(jetStreamRate)}/s`);
    const insertRate = await insertCeiling(pipeline.clickhouse, env.nc, env.config, pipeline.rentals, total, progress);
    progress(`chDB insert alone: ${Math.round(insertRate)} rows/s`);
    await pipeline.close();

    const ceiling = Math.min(jetStreamRate, insertRate);
    process.stdout.write(
      `catch-up events=${total} ${shape(env.config)} pipeline=${Math.round(pipelineRate)}/s ` +
        `jetstream-ceiling=${Math.round(jetStreamRate)}/s insert-ceiling=${Math.round(insertRate)}/s ` +
        `of-ceiling=${Math.round((pipelineRate / ceiling) * 100)}% peak-rss=${rssMiB}MiB end-lag=${endLag} cpu-us/event: ${cpu} ${loadNote()}\n`,
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

async function live(seconds: number): Promise<void> {
  const env = await environment();
  try {
    // Enough usage that the publisher never runs dry at full rate.
    const days = Math.max(1, Math.ceil((seconds * 120_000) / 1_200_000));
    const fleet = fleetOf(days);
    await loadReference(env.config, referenceDocuments(fleet));
    const jsm = env.jsm;
    const pipeline = await startPipeline(env.config);
    const cpuBefore = cpuSample(env.nats.process.pid, env.redis.process.pid);
    progress(`pipeline running; publishing at full rate for ${seconds} s (fleet of ${fleet.rentals.length} rentals, standard faults)`);
    const publisher = spawnPublisher(env.nats.url, { days, seconds });
    let publishing = true;
    const published = publisher.done.finally(() => (publishing = false));

    // Publish → queryable: a row's received_at is when JetStream stored the message; a poll that
    // first sees the row bounds when it became queryable (up to one poll interval late).
    const histogram = new LatencyHistogram();
    let seenSeq = 0;
    while (publishing) {
      await sleep(POLL_MS);
      const result = await pipeline.clickhouse.query({
        query: `SELECT toUnixTimestamp64Milli(received_at) AS t, count() AS n, max(stream_seq) AS s
                FROM usage_outcomes WHERE stream_seq > {seen:UInt64} GROUP BY t`,
        query_params: { seen: seenSeq },
        format: 'JSONEachRow',
      });
      const nowMs = Date.now();
      for (const row of await result.json<{ t: string; n: string; s: string }>()) {
        histogram.add(nowMs - Number(row.t), Number(row.n));
        seenSeq = Math.max(seenSeq, Number(row.s));
      }
    }
    const summary = await published;
    const endLag = await lag(jsm, env.config.metering.consumer.durableName);
    const rssMiB = peakRssMiB();
    const stored = await streamLastSeq(jsm);
    const cpu = cpuPerEvent(cpuBefore, cpuSample(env.nats.process.pid, env.redis.process.pid), Math.max(1, histogram.total));
    progress(`publisher stopped: ${summary.published} published (${Math.round(summary.published / summary.seconds)}/s); lag ${endLag}`);
    const drainStartMs = performance.now();
    while ((await lag(jsm, env.config.metering.consumer.durableName)) > 0 && performance.now() - drainStartMs < 120_000) await sleep(POLL_MS);
    const drainSeconds = (performance.now() - drainStartMs) / 1000;
    await pipeline.close();

    process.stdout.write(
      `live seconds=${seconds} ${shape(env.config)} published=${Math.round(summary.published / summary.seconds)}/s ` +
        `consumed=${Math.round(histogram.total / summary.seconds)}/s p50=${histogram.quantile(0.5)}ms p99=${histogram.quantile(0.99)}ms ` +
        `end-lag=${endLag} drain=${drainSeconds.toFixed(1)}s stored=${stored} peak-rss=${rssMiB}MiB cpu-us/event: ${cpu} ${loadNote()}\n`,
    );
  } finally {
    await env.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  if (mode === 'publish') return publishRole(rest);
  const { values } = parseArgs({ args: rest, options: { events: { type: 'string' }, seconds: { type: 'string' }, 'no-ceilings': { type: 'boolean' } } });
  if (mode === 'catch-up') return catchUp(Number(values.events ?? 1_000_000), values['no-ceilings'] !== true);
  if (mode === 'live') return live(Number(values.seconds ?? 30));
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

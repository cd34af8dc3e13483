import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import {
  buildFleet,
  expectedGpuMs,
  expectedOutcomeCounts,
  expectedRejections,
  generateUsage,
  referenceDocuments,
  Rng,
  type BadReason,
  type Fleet,
  type SimulatedMessage,
} from '@hourglass/simulation';
import { publishAll, type PublishFn } from '@hourglass/agent-sim';
import { ensureBuilt, ServeProcess, sleep, tail } from '../support/serve-process';

/**
 * The acceptance test of crash safety: `hourglass serve` is SIGKILLed again and again while a fleet
 * publishes a day of usage with resends, overlaps, reordering and bad events, and restarted on the
 * same data directory each time. When the stream is drained, ClickHouse must hold exactly what the
 * oracle in libs/simulation computes independently: nothing lost, nothing counted twice.
 *
 * FAULT_SEED=<n> replays a run (the fleet, the events and the kill schedule all follow from it).
 */

const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const KILLS = 8;
/** Of the kills, the one that hits during start-up (migrations, cache load, consumer creation). */
const BOOT_KILL = 4;
const KILL_DELAY_MS = { min: 300, max: 3_000 };
/** Share of the events already waiting in the stream when the first consumer starts: a catch-up. */
const BACKLOG_SHARE = 0.35;
/** Rate of the rest, published while the kills go on, as agents would. */
const LIVE_RATE_PER_S = 4_000;
/**
 * A consumer that has caught up sits waiting on its fetch, and a kill there tests little. So a kill
 * that finds no backlog first releases a burst of this many events, and strikes while the consumer
 * is working through it: inside a batch, between its fetch and its ack.
 */
const BURST_EVENTS = 12_000;
const BURST_KILL_DELAY_MS = { min: 100, max: 450 };
const GRACE_MS = 2_000;
/** Short, so a batch stranded in a dead process's hands comes back quickly; it must still exceed a batch's insert. */
const ACK_WAIT_MS = 6_000;
const DRAIN_TIMEOUT_MS = 120_000;
const ALL_BAD_REASONS: readonly BadReason[] = [
  'malformed_json',
  'schema_violation',
  'invalid_interval',
  'interval_too_long',
  'source_mismatch',
  'unknown_rental',
  'rental_mismatch',
  'outside_rental_window',
];

interface Status {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  lag: number;
  streams: Array<{ stream: string; lastSeq: number; lag: number; ackPending: number }>;
}

const progress = (line: string) => process.stderr.write(`[consumer-crash seed=${SEED}] ${line}\n`);

describe('faults: the usage consumer is killed mid-batch', () => {
  let nats: LocalService;
  let redis: LocalService;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let dir: string;
  let logPath: string;
  let serve: ServeProcess | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    nats = await startLocalNats();
    redis = await startLocalRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-faults-'));
    logPath = path.join(dir, 'serve.log');
    env = {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      HOURGLASS_DATA_DIR: path.join(dir, 'chdb'),
      CLICKHOUSE_DATABASE: `faults_${SEED}`,
      HOURGLASS_UNKNOWN_RENTAL_GRACE_MS: String(GRACE_MS),
      HOURGLASS_ACK_WAIT_MS: String(ACK_WAIT_MS),
      HOURGLASS_REDIS_PREFIX: `faults_${SEED}:`,
    };
    nc = await connect({ servers: nats.url, noAsyncTraces: true });
    jsm = await nc.jetstreamManager();
  }, 120_000);

  afterAll(async () => {
    await serve?.stop().catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await nats?.stop();
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'bills every rental exactly the oracle GPU-ms and keeps every rejection once after repeated SIGKILLs',
    async () => {
      const periodStartMs = Date.parse('2026-10-01T00:00:00Z');
      const fleet: Fleet = buildFleet({
        seed: SEED,
        customers: 16,
        rentalsPerCustomer: 14,
        operators: 6,
        periodStartMs,
        periodEndMs: periodStartMs + 86_400_000,
        idPrefix: 'f-',
      });
      const usage = generateUsage(fleet, {
        seed: SEED,
        faults: { resendRate: 0.04, resendUnkeyedShare: 0.5, overlapRate: 0.03, outOfOrderRate: 0.05, badRate: 0.02, badReasons: ALL_BAD_REASONS },
      });
      const expected = expectedOutcomeCounts(usage);
      const total = expected.good + expected.duplicate + expected.bad;
      expect(total).toBeGreaterThanOrEqual(200_000);
      progress(`fleet of ${fleet.rentals.length} rentals; ${total} events (${expected.good} good, ${expected.duplicate} duplicate, ${expected.bad} bad)`);

      try {
        // Reference data first, through a serve that is stopped cleanly: an event read before its
        // rental is known would (rightly) wait out the grace and be rejected as unknown_rental.
        serve = await ServeProcess.spawn(env, logPath);
        await serve.ready();
        const loaded = await serve.api<{ results: Array<{ outcome: string }> }>('POST', '/v1/reference', referenceDocuments(fleet));
        expect(loaded.results.filter((r) => r.outcome !== 'applied')).toEqual([]);
        await serve.stop();

        const js = nc.jetstream({ timeout: 30_000 });
        const publish: PublishFn = async (subject, payload, msgId) => {
          const ack = await js.publish(subject, payload, msgId === null ? {} : { msgID: msgId });
          return { duplicate: ack.duplicate };
        };
        const feeder = new Feeder(usage[Symbol.iterator](), publish);
        const backlog = await feeder.publish(Math.round(total * BACKLOG_SHARE), 0);
        progress(`backlog of ${backlog} events published with no consumer running`);
        const live = feeder.run(LIVE_RATE_PER_S).then(() => progress(`publisher done: ${feeder.published} published`));

        const rng = new Rng(SEED, 'faults:kills');
        let redeliveredTotal = 0;
        for (let kill = 1; kill <= KILLS; kill++) {
          serve = await ServeProcess.spawn(env, logPath);
          const delayMs = rng.int(KILL_DELAY_MS.min, KILL_DELAY_MS.max);
          let when: string;
          if (kill === BOOT_KILL) {
            // Somewhere in start-up: before, during or just after chDB opens and the consumer starts.
            await sleep(Math.round(delayMs / 3));
            when = `${Math.round(delayMs / 3)} ms after spawn${serve.exited ? ' (already exited!)' : ''}`;
          } else {
            await serve.ready();
            await sleep(delayMs);
            when = `${delayMs} ms after ready`;
            if ((await consumerState(jsm)).pending === 0 && !feeder.done) {
              const burstDelayMs = rng.int(BURST_KILL_DELAY_MS.min, BURST_KILL_DELAY_MS.max);
              feeder.burst(BURST_EVENTS);
              await sleep(burstDelayMs);
              when += `, then ${burstDelayMs} ms into a burst of ${BURST_EVENTS} events`;
            }
          }
          const before = await consumerState(jsm);
          const rewritten = kill === BOOT_KILL ? 0 : await redeliveredAlreadyWritten(serve);
          redeliveredTotal += rewritten;
          await serve.kill();
          progress(
            `crash ${kill}/${KILLS}: SIGKILL ${when}; stream at seq ${before.lastSeq}, delivered up to ${before.deliveredSeq}, ` +
              `${before.ackPending} unacked, ${before.pending} not yet delivered; this life found ${rewritten} redelivered messages already written`,
          );
        }

        serve = await ServeProcess.spawn(env, logPath);
        await serve.ready();
        await live;
        const published = feeder.published;
        const droppedByStream = feeder.droppedByStream;
        expect(published).toBe(total);
        const final = await drained(serve, jsm);
        redeliveredTotal += await redeliveredAlreadyWritten(serve);
        progress(
          `drained: accepted ${final.accepted}, duplicate ${final.duplicate}, rejected ${final.rejected}, stream last seq ${final.lastSeq}; ` +
            `${redeliveredTotal} messages came back after a kill between their insert and their ack`,
        );

        // Every message of the stream has exactly one outcome row, keyed by its sequence.
        const [outcomes] = await serve.sql<{ rows: string; seqs: string; min_seq: string; max_seq: string }>(
          'SELECT count() AS rows, uniqExact(stream_seq) AS seqs, min(stream_seq) AS min_seq, max(stream_seq) AS max_seq FROM usage_outcomes',
        );
        expect(outcomes).toEqual({ rows: String(final.lastSeq), seqs: String(final.lastSeq), min_seq: '1', max_seq: String(final.lastSeq) });
        expect(final.accepted + final.duplicate + final.rejected).toBe(final.lastSeq);
        expect(final.lastSeq).toBe(published - droppedByStream);

        // Good events are accepted once each; resends the stream did not drop are duplicates.
        expect(final.accepted).toBe(expected.good);
        expect(final.duplicate).toBe(expected.duplicate - droppedByStream);
        expect(droppedByStream).toBeLessThanOrEqual(expected.keyedDuplicate);

        // Rejections: exactly the bad events, one row each, with the reason the oracle expects.
        const rejectedByReason = await serve.sql<{ reason: string; rows: string; seqs: string }>(
          'SELECT reason, count() AS rows, uniqExact(stream_seq) AS seqs FROM usage_rejections GROUP BY reason ORDER BY reason',
        );
        const expectedByReason = [...expectedRejections(usage)].sort(([a], [b]) => a.localeCompare(b));
        expect(rejectedByReason).toEqual(expectedByReason.map(([reason, n]) => ({ reason, rows: String(n), seqs: String(n) })));
        const [keyed] = await serve.sql<{ rows: string; keys: string }>(
          "SELECT count() AS rows, uniqExact(source, id) AS keys FROM usage_rejections WHERE id != ''",
        );
        expect(keyed!.rows).toBe(keyed!.keys);
        const dlq = await jsm.streams.info('USAGE_DLQ');
        expect(dlq.state.messages).toBe(expected.bad);

        // Covered GPU-ms per rental: the pipeline's union in SQL against the oracle's sweep.
        const covered = await serve.sql<{ rental_id: string; gpu_ms: string }>(
          'SELECT rental_id, toString(sum(gpu_ms)) AS gpu_ms FROM usage_covered_hourly GROUP BY rental_id',
        );
        const actual = new Map(covered.map((r) => [r.rental_id, BigInt(r.gpu_ms)]));
        const oracle = expectedGpuMs(fleet, usage);
        const wrong: string[] = [];
        for (const [rentalId, gpuMs] of oracle) {
          const got = actual.get(rentalId) ?? 0n;
          if (got !== gpuMs) wrong.push(`${rentalId}: ${got} GPU-ms billed, ${gpuMs} expected`);
        }
        for (const rentalId of actual.keys()) if (!oracle.has(rentalId)) wrong.push(`${rentalId}: billed but not in the fleet`);
        expect(wrong).toEqual([]);
        expect([...oracle.values()].filter((v) => v > 0n).length).toBeGreaterThan(fleet.rentals.length / 2);
      } catch (error) {
        progress(`failed; the last lines of ${logPath}:\n${tail(logPath, 60)}`);
        throw error;
      }
    },
    6 * 60_000,
  );
});

/**
 * Publishes the simulated usage in order, in slices, at a steady rate, and on request a burst at full
 * speed. One slice at a time, so the stream keeps the generator's order (a resend never overtakes its
 * original). One attempt per message: a retried unkeyed (malformed) message could be stored twice and
 * change what the oracle expects; a publish on loopback that fails is a broken run, not a fault under
 * test.
 */
class Feeder {
  published = 0;
  /** Resends that JetStream's duplicate window dropped (their publish ack said duplicate). */
  droppedByStream = 0;
  done = false;
  private burstLeft = 0;

  constructor(
    private readonly messages: Iterator<SimulatedMessage>,
    private readonly send: PublishFn,
  ) {}

  burst(count: number): void {
    this.burstLeft += count;
  }

  /** Publishes until the messages run out: slices of 250 ms at `ratePerSecond`; bursts at full speed. */
  async run(ratePerSecond: number): Promise<void> {
    while (!this.done) {
      if (this.burstLeft > 0) {
        const count = this.burstLeft;
        this.burstLeft = 0;
        await this.publish(count, 0);
      } else {
        await this.publish(Math.max(1, Math.round(ratePerSecond / 4)), ratePerSecond);
      }
    }
  }

  async publish(count: number, ratePerSecond: number): Promise<number> {
    const result = await publishAll(first(this.messages, count), this.send, { attemptsMax: 1, ratePerSecond });
    this.published += result.published;
    this.droppedByStream += result.brokerDuplicates;
    if (result.published < count) this.done = true;
    return result.published;
  }
}

/** The next `count` items of `iterator`, leaving it open for the rest. */
function first<T>(iterator: Iterator<T>, count: number): Iterable<T> {
  let left = count;
  return { [Symbol.iterator]: () => ({ next: () => (left-- > 0 ? iterator.next() : { done: true, value: undefined }) }) };
}

interface ConsumerState {
  lastSeq: number;
  deliveredSeq: number;
  ackPending: number;
  pending: number;
}

async function consumerState(jsm: JetStreamManager): Promise<ConsumerState> {
  const [stream, consumer] = await Promise.all([jsm.streams.info('USAGE'), jsm.consumers.info('USAGE', 'metering')]);
  return {
    lastSeq: stream.state.last_seq,
    deliveredSeq: consumer.delivered.stream_seq,
    ackPending: consumer.num_ack_pending,
    pending: consumer.num_pending,
  };
}

/** Redelivered messages this process found already written: kills that fell between insert and ack. */
async function redeliveredAlreadyWritten(serve: ServeProcess): Promise<number> {
  const response = await fetch(`${serve.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const match = /^hourglass_usage_redelivered_already_written_total(?:\{[^}]*\})? (\d+)/m.exec(await response.text());
  return match ? Number(match[1]) : 0;
}

/**
 * Waits for lag 0 (every message acked, so written) and for the counts to hold still. It does not
 * wait for the counts to add up: a run that lost or doubled rows must reach the assertions that say so.
 */
async function drained(serve: ServeProcess, jsm: JetStreamManager): Promise<Status & { lastSeq: number }> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let previous = '';
  let last: (Status & { lastSeq: number }) | null = null;
  while (Date.now() < deadline) {
    const status = await serve.api<Status>('GET', '/v1/status');
    const lastSeq = (await jsm.streams.info('USAGE')).state.last_seq;
    last = { ...status, lastSeq };
    const settled = status.lag === 0;
    const fingerprint = JSON.stringify([status.accepted, status.duplicate, status.rejected, lastSeq]);
    if (settled && fingerprint === previous) return last;
    previous = settled ? fingerprint : '';
    await sleep(settled ? 1_500 : 500);
  }
  throw new Error(`not drained within ${DRAIN_TIMEOUT_MS} ms; last status ${JSON.stringify(last)}`);
}

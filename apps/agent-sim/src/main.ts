import { writeFileSync } from 'node:fs';
import { connect, type NatsConnection } from 'nats';
import {
  buildFleet,
  generateUsage,
  referenceDocuments,
  type Fleet,
  type SimulatedMessage,
  type UsageOptions,
} from '../../../libs/simulation/src';
import { CliError, parseAgentSimArgs, USAGE_TEXT } from './cli';
import { publishAll, PublishFailedError, type PublishFn } from './publisher';

export { referenceDocuments };

export interface AgentSimOptions {
  natsUrl: string;
  fleet: Fleet;
  usage: UsageOptions;
  /** 0 or absent: as fast as possible. */
  ratePerSecond?: number;
  /** Unacknowledged publishes at once; default 256. */
  inFlightMax?: number;
  /** Acknowledged publishes so far, after each acknowledgement. */
  onProgress?: (published: number) => void;
  /** Each message as it is handed to JetStream, e.g. to feed the oracle without a second pass. */
  tap?: (message: SimulatedMessage) => void;
  /** Stops sending new messages; in-flight publishes are still awaited. */
  signal?: AbortSignal;
  /** Tries per message before the run fails; default 5. */
  publishAttemptsMax?: number;
}

export class NatsUnreachableError extends Error {}

export interface AgentSimResult {
  published: number;
  seconds: number;
  /** PubAcks flagged duplicate: resends absorbed by JetStream's duplicate window, or retried publishes. */
  brokerDuplicates: number;
  retries: number;
  aborted: boolean;
}

/** Long enough to ride out a broker restart in the fault tests; bounded so a dead broker ends the run. */
const RECONNECT_ATTEMPTS_MAX = 120;
const RECONNECT_WAIT_MS = 500;
const CONNECT_TIMEOUT_MS = 5_000;
const PUB_ACK_TIMEOUT_MS = 10_000;

/**
 * Publishes the fleet's simulated usage to JetStream, as its agents would. Reference data is
 * the caller's job (`referenceDocuments(fleet)` over HTTP): the simulator stands for the data
 * centers, which never speak for the control plane.
 */
export async function runAgentSim(options: AgentSimOptions): Promise<AgentSimResult> {
  // Built before connecting, so invalid usage options fail without touching NATS.
  const messages = generateUsage(options.fleet, options.usage);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.natsUrl,
      name: 'hourglass-agent-sim',
      timeout: CONNECT_TIMEOUT_MS,
      maxReconnectAttempts: RECONNECT_ATTEMPTS_MAX,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      // An Error with a stack trace per publish costs a third of the publish rate.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new NatsUnreachableError(`NATS is not reachable at ${options.natsUrl} (${(error as Error).message}): start it with 'nats-server -js', or set NATS_URL`);
  }
  try {
    const js = nc.jetstream({ timeout: PUB_ACK_TIMEOUT_MS });
    const publish: PublishFn = async (subject, payload, msgId) => {
      const ack = await js.publish(subject, payload, msgId === null ? { timeout: PUB_ACK_TIMEOUT_MS } : { msgID: msgId, timeout: PUB_ACK_TIMEOUT_MS });
      return { duplicate: ack.duplicate };
    };
    return await publishAll(messages, publish, {
      ratePerSecond: options.ratePerSecond,
      inFlightMax: options.inFlightMax,
      attemptsMax: options.publishAttemptsMax,
      onProgress: options.onProgress,
      tap: options.tap,
      signal: options.signal,
    });
  } finally {
    if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}

async function cli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const config = parseAgentSimArgs(argv, env, Date.now());
  if (config.help) {
    process.stdout.write(`${USAGE_TEXT}\n`);
    return 0;
  }
  const fleet = buildFleet({
    seed: config.seed,
    customers: config.customers,
    rentalsPerCustomer: config.rentalsPerCustomer,
    operators: config.operators,
    currencies: config.currencies,
    periodStartMs: config.fromMs,
    periodEndMs: config.toMs,
    idPrefix: config.idPrefix,
  });
  if (config.referenceOut !== null) {
    writeFileSync(config.referenceOut, referenceDocuments(fleet).map((doc) => `${JSON.stringify(doc)}\n`).join(''));
  }

  const expected = { good: 0, duplicate: 0, keyedDuplicate: 0, bad: {} as Record<string, number> };
  const tap = (message: SimulatedMessage): void => {
    const outcome = message.expected;
    if (outcome.kind === 'bad') expected.bad[outcome.reason] = (expected.bad[outcome.reason] ?? 0) + 1;
    else expected[outcome.kind]++;
    if (outcome.kind === 'duplicate' && message.msgId !== null) expected.keyedDuplicate++;
  };

  let published = 0;
  let lastPublished = 0;
  const progress = setInterval(() => {
    process.stderr.write(`agent-sim: ${published} published (${published - lastPublished}/s)\n`);
    lastPublished = published;
  }, 1000);
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runAgentSim({
      natsUrl: config.natsUrl,
      fleet,
      usage: { seed: config.seed, stepMs: config.stepMs, fromMs: config.fromMs, toMs: config.toMs, faults: config.faults },
      ratePerSecond: config.ratePerSecond,
      inFlightMax: config.inFlightMax,
      onProgress: (n) => (published = n),
      tap,
      signal: abort.signal,
    });
    const summary = {
      ...result,
      ratePerSecond: result.seconds > 0 ? Math.round(result.published / result.seconds) : null,
      seed: config.seed,
      idPrefix: config.idPrefix,
      from: new Date(config.fromMs).toISOString(),
      to: new Date(config.toMs).toISOString(),
      stepMs: config.stepMs,
      faults: config.faults,
      operators: fleet.operators.length,
      customers: fleet.customers.length,
      rentals: fleet.rentals.length,
      referenceOut: config.referenceOut,
      expected,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return result.aborted ? 130 : 0;
  } finally {
    clearInterval(progress);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  cli(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const expected = error instanceof CliError || error instanceof RangeError || error instanceof NatsUnreachableError || error instanceof PublishFailedError;
      process.stderr.write(`agent-sim: ${expected ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
      process.exitCode = error instanceof CliError ? 2 : 1;
    },
  );
}

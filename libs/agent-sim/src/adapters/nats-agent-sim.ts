import { connect, type NatsConnection } from 'nats';
import { natsServers } from '@hourglass/nats';
import { generateUsage, type Fleet, type SimulatedMessage, type UsageOptions } from '@hourglass/simulation';
import { publishAll, type PublishFn } from '../publisher';
import { DomainError } from '@hourglass/contracts';


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

/** The simulator could not reach NATS. */
export class NatsUnreachableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

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
      servers: natsServers(options.natsUrl),
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


import type { SimulatedMessage } from '@hourglass/simulation';
import { DomainError } from '@hourglass/contracts';

/** One JetStream publish: resolves with the PubAck's duplicate flag, rejects when not acknowledged. */
export type PublishFn = (subject: string, payload: Uint8Array, msgId: string | null) => Promise<{ duplicate: boolean }>;

export interface PublisherClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export interface PublishAllOptions {
  /** 0 or absent: as fast as the window of in-flight publishes allows. */
  ratePerSecond?: number;
  /** Publishes awaiting their PubAck at once; default 256. */
  inFlightMax?: number;
  /** Tries per message before the run fails; default 5. */
  attemptsMax?: number;
  /** First retry delay; doubles per attempt up to RETRY_BACKOFF_MS_MAX. Default 200. */
  retryBackoffMs?: number;
  /** Called with the number of acknowledged publishes, after each acknowledgement, in send order. */
  onProgress?: (published: number) => void;
  /** Called with each message as it is handed to publish; on success every tapped message was acknowledged. */
  tap?: (message: SimulatedMessage) => void;
  /** Stops sending new messages; those in flight are still awaited. */
  signal?: AbortSignal;
  clock?: PublisherClock;
}

export interface PublishAllResult {
  /** Messages JetStream acknowledged, including those it acknowledged as duplicates. */
  published: number;
  /**
   * PubAcks flagged duplicate: resends JetStream dropped inside its duplicate window (they
   * never reach Hourglass), plus retries of publishes whose first ack was lost.
   */
  brokerDuplicates: number;
  retries: number;
  aborted: boolean;
  seconds: number;
}

/** A message that could not be published within its attempts. */
export class PublishFailedError extends DomainError {
  constructor(message: string) {
    super('publish_failed', message);
  }
}

const IN_FLIGHT_MAX_LIMIT = 65_536;
const ATTEMPTS_MAX_LIMIT = 100;
const RETRY_BACKOFF_MS_MAX = 5_000;

const systemClock: PublisherClock = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

type Outcome = { ok: true; duplicate: boolean } | { ok: false; error: Error };

/**
 * Publishes in order with a bounded window of unacknowledged publishes: unbounded, a fast
 * generator would queue a million payloads in the client while the broker falls behind.
 * Acknowledgements are consumed oldest first, so `published` counts a prefix of the sequence.
 *
 * A failed publish is retried with the same msgId, which JetStream's duplicate window makes
 * harmless. A message without msgId (a malformed payload) has no such protection: if its
 * first attempt was stored but the ack lost, the retry stores it twice.
 */
export async function publishAll(
  messages: Iterable<SimulatedMessage>,
  publish: PublishFn,
  options: PublishAllOptions = {},
): Promise<PublishAllResult> {
  const ratePerSecond = options.ratePerSecond ?? 0;
  const inFlightMax = options.inFlightMax ?? 256;
  const attemptsMax = options.attemptsMax ?? 5;
  const retryBackoffMs = options.retryBackoffMs ?? 200;
  const clock = options.clock ?? systemClock;
  if (!(ratePerSecond >= 0 && Number.isFinite(ratePerSecond))) throw new RangeError(`ratePerSecond must be >= 0, got ${ratePerSecond}`);
  if (!Number.isSafeInteger(inFlightMax) || inFlightMax < 1 || inFlightMax > IN_FLIGHT_MAX_LIMIT) {
    throw new RangeError(`inFlightMax must be an integer in [1, ${IN_FLIGHT_MAX_LIMIT}], got ${inFlightMax}`);
  }
  if (!Number.isSafeInteger(attemptsMax) || attemptsMax < 1 || attemptsMax > ATTEMPTS_MAX_LIMIT) {
    throw new RangeError(`attemptsMax must be an integer in [1, ${ATTEMPTS_MAX_LIMIT}], got ${attemptsMax}`);
  }

  const encoder = new TextEncoder();
  let published = 0;
  let brokerDuplicates = 0;
  let retries = 0;
  let sent = 0;
  let failure: Error | null = null;
  // Outcomes never reject: a rejection that waited in this queue unobserved would be reported
  // as unhandled and end the process before its turn came.
  const inFlight: Array<Promise<Outcome>> = [];
  const startedMs = clock.nowMs();

  const attempt = async (message: SimulatedMessage): Promise<Outcome> => {
    const payload = encoder.encode(message.data);
    for (let n = 1; ; n++) {
      try {
        const ack = await publish(message.subject, payload, message.msgId);
        return { ok: true, duplicate: ack.duplicate };
      } catch (error) {
        if (n >= attemptsMax) {
          const reason = (error as Error).message;
          const hint = /503|no responders/i.test(reason) ? ' (no stream captures the subject: is the USAGE stream provisioned? start hourglass first)' : '';
          return { ok: false, error: new PublishFailedError(`publish to ${message.subject} failed ${n} times: ${reason}${hint}`) };
        }
        retries++;
        await clock.sleep(Math.min(retryBackoffMs * 2 ** (n - 1), RETRY_BACKOFF_MS_MAX));
      }
    }
  };

  const settleOldest = async (): Promise<void> => {
    const outcome = await (inFlight.shift() as Promise<Outcome>);
    if (!outcome.ok) {
      failure ??= outcome.error;
      return;
    }
    published++;
    if (outcome.duplicate) brokerDuplicates++;
    options.onProgress?.(published);
  };

  try {
    for (const message of messages) {
      if (failure !== null || options.signal?.aborted) break;
      if (ratePerSecond > 0) {
        const waitMs = startedMs + (sent * 1000) / ratePerSecond - clock.nowMs();
        if (waitMs >= 1) await clock.sleep(waitMs);
      }
      while (inFlight.length >= inFlightMax) await settleOldest();
      if (failure !== null) break;
      options.tap?.(message);
      inFlight.push(attempt(message));
      sent++;
    }
  } finally {
    // Also when the generator throws: publishes already sent are awaited, never abandoned.
    while (inFlight.length > 0) await settleOldest();
  }
  if (failure !== null) throw failure;
  return {
    published,
    brokerDuplicates,
    retries,
    aborted: options.signal?.aborted ?? false,
    seconds: (clock.nowMs() - startedMs) / 1000,
  };
}

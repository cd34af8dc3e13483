import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from 'nats';

export interface StreamMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  /** When the stream stored the message: the same on every redelivery, so decisions repeat. */
  storedAtMs: number;
  redelivered: boolean;
  deliveryCount: number;
  headers: Record<string, string>;
}

export type Disposition = { kind: 'ack' } | { kind: 'retry'; delayMs: number };

export interface BatchHandler {
  (batch: StreamMessage[]): Promise<Disposition[]>;
}

export interface BatchConsumerOptions {
  stream: string;
  durableName: string;
  batchSizeMax: number;
  fetchExpiresMs: number;
  /**
   * Batches in the handler at once (default 1). More than one only for a handler that orders its own
   * steps across calls (MeteringService does); the acks of each batch still wait for its handler.
   */
  handlersInFlightMax?: number;
  onError?: (error: unknown) => void;
  onBatch?: (size: number) => void;
  /** Creates the stream and the durable consumer again when the broker lost them. */
  reprovision?: () => Promise<void>;
}

/**
 * One object per message on the consumer's hot path: the reply subject is parsed once (`info`), and
 * headers, which the handlers rarely read, are decoded only when read.
 */
class JsStreamMessage implements StreamMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly storedAtMs: number;
  readonly redelivered: boolean;
  readonly deliveryCount: number;
  private decodedHeaders: Record<string, string> | null = null;

  constructor(private readonly msg: JsMsg) {
    const info = msg.info;
    this.seq = info.streamSequence;
    this.subject = msg.subject;
    this.data = msg.data;
    this.storedAtMs = Math.floor(info.timestampNanos / 1_000_000);
    this.deliveryCount = info.deliveryCount;
    this.redelivered = info.deliveryCount > 1;
  }

  get headers(): Record<string, string> {
    if (this.decodedHeaders === null) {
      const headers: Record<string, string> = {};
      if (this.msg.headers) for (const [k, v] of this.msg.headers) headers[k] = v[0] ?? '';
      this.decodedHeaders = headers;
    }
    return this.decodedHeaders;
  }
}

function toStreamMessage(m: JsMsg): StreamMessage {
  return new JsStreamMessage(m);
}

type Fetched = { msgs: JsMsg[]; error: unknown };

const HANDLERS_IN_FLIGHT_LIMIT = 8;
const ERROR_BACKOFF_MS = 1_000;
/** Past the broker's expiry of a pull request: only a status message lost with the connection needs it. */
const FETCH_FALLBACK_MS = 10_000;

/**
 * nats.js ends a fetch on its own timer at 1.05 × `expires`, unsubscribing at once. When the event
 * loop is busy past that moment (a batch being parsed and claimed), messages the broker sent just
 * before its own expiry are still unread in the socket and are dropped, while JetStream counts them
 * delivered: they come back only when ack_wait runs out (60 s by default; the demo stalled that long
 * with 1,508 events). The broker ends every pull request itself with a status message that comes after
 * the request's messages, so the library's timer is cancelled and a later fallback stops the fetch only
 * if that status never comes. `timeout` is nats.js's own field for that timer (nats 2.29).
 */
function awaitBrokerExpiry(messages: ConsumerMessages, expiresMs: number): () => void {
  (messages as unknown as { timeout?: { cancel(): void } | null }).timeout?.cancel();
  const fallback = setTimeout(() => void messages.close(), expiresMs + FETCH_FALLBACK_MS);
  return () => clearTimeout(fallback);
}

/**
 * Fetches bounded batches from a durable pull consumer and hands each, whole, to the handler, in
 * fetch order. Acks go out only after the handler returned, that is after the durable write: acking
 * first would lose the batch if the process died between the two. A handler that throws leaves the
 * batch unacked; JetStream redelivers it and the handler's idempotent write makes the retry harmless.
 *
 * The next batch is fetched while the handler works, so the broker's delivery overlaps the parsing
 * and the write instead of following them. With `handlersInFlightMax` > 1, a new batch enters the
 * handler while earlier ones are still writing. Bounded either way: at most `handlersInFlightMax`
 * batches in handlers and one arriving.
 */
export class BatchConsumer {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly handlersInFlightMax: number;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: BatchConsumerOptions,
    private readonly handler: BatchHandler,
  ) {
    const depth = options.handlersInFlightMax ?? 1;
    if (!Number.isSafeInteger(depth) || depth < 1 || depth > HANDLERS_IN_FLIGHT_LIMIT) {
      throw new RangeError(`handlersInFlightMax must be an integer in [1, ${HANDLERS_IN_FLIGHT_LIMIT}], got ${depth}`);
    }
    this.handlersInFlightMax = depth;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batches in hand and acks them; a batch fetched ahead is handed back unprocessed. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Never rejects: a prefetch that fails while a handler runs is reported in its turn. */
  private async fetch(consumer: Consumer): Promise<Fetched> {
    const msgs: JsMsg[] = [];
    let done: (() => void) | null = null;
    try {
      const iter = await consumer.fetch({ max_messages: this.options.batchSizeMax, expires: this.options.fetchExpiresMs });
      done = awaitBrokerExpiry(iter, this.options.fetchExpiresMs);
      for await (const m of iter) msgs.push(m);
      return { msgs, error: null };
    } catch (error) {
      return { msgs, error };
    } finally {
      done?.();
    }
  }

  private async run(): Promise<void> {
    let consumer = await this.js.consumers.get(this.options.stream, this.options.durableName);
    const inFlight = new Set<Promise<void>>();
    let next: Promise<Fetched> | null = this.fetch(consumer);
    while (this.running && next) {
      const fetched: Fetched = await next;
      next = null;
      if (fetched.error !== null) {
        this.options.onError?.(fetched.error);
        for (const m of fetched.msgs) m.nak(retryDelayMs(m));
        await sleep(ERROR_BACKOFF_MS);
        // A broker that came back without its storage has lost the stream or the consumer: provision
        // them again rather than fail every fetch from now on.
        if (this.options.reprovision && /(consumer|stream) not found/i.test(String((fetched.error as Error)?.message))) {
          await this.options.reprovision().catch((error: unknown) => this.options.onError?.(error));
          consumer = await this.js.consumers.get(this.options.stream, this.options.durableName).catch(() => consumer);
        }
      } else if (fetched.msgs.length > 0) {
        while (inFlight.size >= this.handlersInFlightMax) await Promise.race(inFlight);
        const handled: Promise<void> = this.handle(fetched.msgs).finally(() => inFlight.delete(handled));
        inFlight.add(handled);
      }
      if (this.running) next = this.fetch(consumer);
    }
    await Promise.all(inFlight);
    // Fetched ahead but never handled: give it back now rather than leave it to ack_wait.
    if (next) for (const m of (await next).msgs) m.nak();
  }

  /** Never rejects; a failed batch is nak'ed and holds its handler slot through the back-off. */
  private async handle(jsMsgs: JsMsg[]): Promise<void> {
    try {
      const dispositions = await this.handler(jsMsgs.map(toStreamMessage));
      for (let i = 0; i < jsMsgs.length; i++) {
        const d = dispositions[i];
        if (!d || d.kind === 'ack') jsMsgs[i]!.ack();
        else jsMsgs[i]!.nak(d.delayMs);
      }
      this.options.onBatch?.(jsMsgs.length);
    } catch (error) {
      this.options.onError?.(error);
      // Ask for the batch again rather than wait for ack_wait, later at every failure; the
      // redelivery is harmless. There is no max_deliver: a usage message is never given up.
      for (const m of jsMsgs) m.nak(retryDelayMs(m));
      // Back off so a ClickHouse or NATS outage does not spin; the unacked batch comes back later.
      await sleep(ERROR_BACKOFF_MS);
    }
  }
}

/** 1 s, 2 s, 4 s … up to a minute: an outage of ClickHouse or Redis is retried, not hammered. */
export function retryDelayMs(m: Pick<JsMsg, 'info'>): number {
  return Math.min(60_000, 1_000 * 2 ** Math.min(6, Math.max(0, m.info.redeliveryCount - 1)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { JetStreamClient, JsMsg } from 'nats';

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
  onError?: (error: unknown) => void;
  onBatch?: (size: number) => void;
}

function toStreamMessage(m: JsMsg): StreamMessage {
  const headers: Record<string, string> = {};
  if (m.headers) for (const [k, v] of m.headers) headers[k] = v[0] ?? '';
  return {
    seq: m.seq,
    subject: m.subject,
    data: m.data,
    storedAtMs: Math.floor(m.info.timestampNanos / 1_000_000),
    redelivered: m.redelivered,
    deliveryCount: m.info.redeliveryCount,
    headers,
  };
}

/**
 * Fetches bounded batches from a durable pull consumer and hands each, whole, to one in-order handler.
 * Acks go out only after the handler returned, that is after the durable write: acking first would
 * lose the batch if the process died between the two. A handler that throws leaves the batch unacked;
 * JetStream redelivers it after ack_wait and the handler's idempotent write makes the retry harmless.
 */
export class BatchConsumer {
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: BatchConsumerOptions,
    private readonly handler: BatchHandler,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, acks it, and returns; nothing new is fetched. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durableName);
    while (this.running) {
      const jsMsgs: JsMsg[] = [];
      try {
        const iter = await consumer.fetch({ max_messages: this.options.batchSizeMax, expires: this.options.fetchExpiresMs });
        for await (const m of iter) jsMsgs.push(m);
        if (jsMsgs.length === 0) continue;
        const dispositions = await this.handler(jsMsgs.map(toStreamMessage));
        jsMsgs.forEach((m, i) => {
          const d = dispositions[i];
          if (!d || d.kind === 'ack') m.ack();
          else m.nak(d.delayMs);
        });
        this.options.onBatch?.(jsMsgs.length);
      } catch (error) {
        this.options.onError?.(error);
        // Ask for the batch again soon rather than after ack_wait; the redelivery is harmless.
        for (const m of jsMsgs) m.nak(2_000);
        // Back off so a ClickHouse or NATS outage does not spin; the unacked batch comes back later.
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
}

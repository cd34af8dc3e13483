import type { Logger } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { chDateTime, insertRows } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import { BatchConsumer, ensureDurableConsumer, provisionStreams, STREAMS } from '@hourglass/nats';

export interface ReferenceDocumentConsumerOptions {
  durableName: string;
  /** Only these messages of the REF stream; all of them when absent. */
  filterSubject?: string;
  logger: Logger;
  /**
   * Applies the documents of one message (already parsed JSON): the reasons it was refused, or none.
   * Throwing leaves the batch unacked, to be redelivered.
   */
  apply(subject: string, parsed: unknown): Promise<string[]>;
}

const decoder = new TextDecoder();

/**
 * A durable consumer of the REF stream shared by every process (each document applied once per
 * deployment), for one owner of reference data (libs/reference's rentals, customers and price books;
 * libs/payouts' operators). A document that cannot be applied is kept with its reasons in
 * reference_rejections and acked: retrying would never make it valid. When the broker has lost the
 * stream or the consumer, both are provisioned again.
 */
export class ReferenceDocumentConsumer {
  private consumer: BatchConsumer | null = null;

  constructor(
    private readonly nats: NatsConnection,
    private readonly config: HourglassConfig,
    private readonly clickhouse: ClickHouseClient,
    private readonly options: ReferenceDocumentConsumerOptions,
  ) {}

  async start(): Promise<void> {
    await this.provision(false);
    const { durableName, logger } = this.options;
    this.consumer = new BatchConsumer(
      this.nats.jetstream(),
      {
        stream: STREAMS.reference.name,
        durableName,
        batchSizeMax: 500,
        fetchExpiresMs: 1_000,
        reprovision: () => this.provision(true),
        onError: (error) => logger.error(`${durableName} batch failed, it will be redelivered: ${(error as Error).message}`),
      },
      async (batch) => {
        const rejected: Array<Record<string, unknown>> = [];
        for (const m of batch) {
          const text = decoder.decode(m.data);
          let errors: string[];
          try {
            errors = await this.options.apply(m.subject, JSON.parse(text));
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            errors = [`malformed JSON: ${error.message}`];
          }
          if (errors.length > 0) {
            logger.warn(`rejected reference document on ${m.subject}: ${errors.join('; ')}`);
            rejected.push({ subject: m.subject, errors, raw: text, received_at: chDateTime(m.storedAtMs) });
          }
        }
        await insertRows(this.clickhouse, `${this.config.clickhouse.database}.reference_rejections`, rejected, `${durableName}:${batch[0]!.seq}:${batch.length}`);
        return batch.map(() => ({ kind: 'ack' as const }));
      },
    );
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** The durable consumer, and with `streams` the streams too: at start, and when the broker lost them. */
  private async provision(streams: boolean): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    if (streams) await provisionStreams(jsm, this.config.nats.streamReplicas);
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.reference.name,
      durableName: this.options.durableName,
      ...(this.options.filterSubject ? { filterSubject: this.options.filterSubject } : {}),
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 10_000,
    });
  }
}

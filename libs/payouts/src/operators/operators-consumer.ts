import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { chDateTime, insertRows } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import { BatchConsumer, ensureDurableConsumer, provisionStreams, STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CONFIG, NATS } from '@hourglass/platform';
import { InvalidOperatorDocumentError, OperatorsService, OPERATORS_SUBJECT } from './operators.service';

const decoder = new TextDecoder();
const DURABLE = 'operators';

/**
 * Applies operator documents published on ref.v1.operators (by the control plane, or announced by
 * another instance). A bad document is kept with its errors in reference_rejections (reference data's
 * one place for refused documents) and acked: retrying would never make it valid.
 */
@Injectable()
export class OperatorsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OperatorsConsumer');
  private consumer: BatchConsumer | null = null;

  constructor(
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    private readonly operators: OperatorsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.provision(false);
    this.consumer = new BatchConsumer(
      this.nats.jetstream(),
      {
        stream: STREAMS.reference.name,
        durableName: DURABLE,
        batchSizeMax: 500,
        fetchExpiresMs: 1_000,
        reprovision: () => this.provision(true),
        onError: (error) => this.logger.error(`operators batch failed, it will be redelivered: ${(error as Error).message}`),
      },
      async (batch) => {
        const rejected: Array<Record<string, unknown>> = [];
        for (const m of batch) {
          const text = decoder.decode(m.data);
          try {
            const parsed: unknown = JSON.parse(text);
            await this.operators.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false });
          } catch (error) {
            const errors = error instanceof InvalidOperatorDocumentError ? error.errors : error instanceof SyntaxError ? [`malformed JSON: ${error.message}`] : null;
            if (!errors) throw error;
            this.logger.warn(`rejected operator document: ${errors.join('; ')}`);
            rejected.push({ subject: m.subject, errors, raw: text, received_at: chDateTime(m.storedAtMs) });
          }
        }
        await insertRows(this.clickhouse, `${this.config.clickhouse.database}.reference_rejections`, rejected, `operators:${batch[0]!.seq}:${batch.length}`);
        return batch.map(() => ({ kind: 'ack' as const }));
      },
    );
    this.consumer.start();
  }

  /** The durable consumer, and with `streams` the streams too: at start, and when the broker lost them. */
  private async provision(streams: boolean): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    if (streams) await provisionStreams(jsm, this.config.nats.streamReplicas);
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.reference.name,
      durableName: DURABLE,
      filterSubject: OPERATORS_SUBJECT,
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 10_000,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { chDateTime, insertRows } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import { BatchConsumer, ensureDurableConsumer, provisionStreams, STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CONFIG, NATS } from '@hourglass/platform';
import { kindOfSubject } from './reference-announcements';
import { InvalidReferenceDocumentError, ReferenceService } from './reference.service';

const decoder = new TextDecoder();
const DURABLE = 'reference';

/**
 * Applies documents the control plane publishes on ref.v1.*. A bad document is kept with its
 * errors in reference_rejections and acked: retrying it would never make it valid.
 */
@Injectable()
export class ReferenceConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReferenceConsumer');
  private consumer: BatchConsumer | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    private readonly reference: ReferenceService,
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
        onError: (error) => this.logger.error(`reference batch failed, it will be redelivered: ${(error as Error).message}`),
      },
      async (batch) => {
        const rejected: Array<Record<string, unknown>> = [];
        for (const m of batch) {
          // Operators (ref.v1.operators) are payouts' reference data, applied by its own consumer.
          if (m.subject.endsWith('.operators')) continue;
          const text = decoder.decode(m.data);
          let errors: string[] = [];
          try {
            const parsed: unknown = JSON.parse(text);
            const kind = kindOfSubject(m.subject);
            const results = await this.reference.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false, expectedKind: kind });
            errors = results.filter((r) => r.outcome === 'conflict').map((r) => `${r.key}: a different document was already published under this version`);
          } catch (error) {
            if (error instanceof InvalidReferenceDocumentError) errors = error.errors;
            else if (error instanceof SyntaxError) errors = [`malformed JSON: ${error.message}`];
            else throw error;
          }
          if (errors.length > 0) {
            this.logger.warn(`rejected reference document on ${m.subject}: ${errors.join('; ')}`);
            rejected.push({ subject: m.subject, errors, raw: text, received_at: chDateTime(m.storedAtMs) });
          }
        }
        await insertRows(this.clickhouse, `${this.config.clickhouse.database}.reference_rejections`, rejected, `ref:${batch[0]!.seq}:${batch.length}`);
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
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 10_000,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

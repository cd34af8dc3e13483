import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { BatchConsumer, ensureDurableConsumer, STREAMS } from '@hourglass/nats';
import { NATS } from '@hourglass/platform';
import { InvalidOperatorDocumentError, OperatorsService, OPERATORS_SUBJECT } from './operators.service';

const decoder = new TextDecoder();

/**
 * Applies operator documents published on ref.v1.operators (by the control plane, or announced by
 * another instance). A bad document is logged and acked: retrying would never make it valid.
 */
@Injectable()
export class OperatorsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OperatorsConsumer');
  private consumer: BatchConsumer | null = null;

  constructor(
    @Inject(NATS) private readonly nats: NatsConnection,
    private readonly operators: OperatorsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const durableName = 'operators';
    await ensureDurableConsumer(await this.nats.jetstreamManager(), {
      stream: STREAMS.reference.name,
      durableName,
      filterSubject: OPERATORS_SUBJECT,
      ackWaitMs: 30_000,
      maxDeliver: -1,
      maxAckPending: 10_000,
    });
    this.consumer = new BatchConsumer(
      this.nats.jetstream(),
      {
        stream: STREAMS.reference.name,
        durableName,
        batchSizeMax: 500,
        fetchExpiresMs: 1_000,
        onError: (error) => this.logger.error(`operators batch failed, it will be redelivered: ${(error as Error).message}`),
      },
      async (batch) => {
        for (const m of batch) {
          try {
            const parsed: unknown = JSON.parse(decoder.decode(m.data));
            await this.operators.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false });
          } catch (error) {
            if (error instanceof InvalidOperatorDocumentError || error instanceof SyntaxError) this.logger.warn(`rejected operator document: ${(error as Error).message}`);
            else throw error;
          }
        }
        return batch.map(() => ({ kind: 'ack' as const }));
      },
    );
    this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

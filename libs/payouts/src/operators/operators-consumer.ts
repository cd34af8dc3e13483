import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import { CLICKHOUSE, CONFIG, NATS } from '@hourglass/platform';
import { ReferenceDocumentConsumer } from '@hourglass/reference';
import { InvalidOperatorDocumentError, OperatorsService, OPERATORS_SUBJECT } from './operators.service';

/**
 * Applies operator documents published on ref.v1.operators (by the control plane, or announced by
 * another instance); refused ones go to reference_rejections, reference data's one place for them.
 */
@Injectable()
export class OperatorsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: ReferenceDocumentConsumer;

  constructor(
    @Inject(NATS) nats: NatsConnection,
    @Inject(CONFIG) config: HourglassConfig,
    @Inject(CLICKHOUSE) clickhouse: ClickHouseClient,
    private readonly operators: OperatorsService,
  ) {
    this.consumer = new ReferenceDocumentConsumer(nats, config, clickhouse, {
      durableName: 'operators',
      filterSubject: OPERATORS_SUBJECT,
      logger: new Logger('OperatorsConsumer'),
      apply: (_subject, parsed) => this.apply(parsed),
    });
  }

  private async apply(parsed: unknown): Promise<string[]> {
    try {
      await this.operators.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false });
      return [];
    } catch (error) {
      if (error instanceof InvalidOperatorDocumentError) return error.errors;
      throw error;
    }
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}

import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import { CLICKHOUSE, CONFIG, NATS } from '@hourglass/platform';
import { kindOfSubject } from './reference-announcements';
import { ReferenceDocumentConsumer } from './reference-document-consumer';
import { InvalidReferenceDocumentError, ReferenceService } from './reference.service';

/**
 * Applies rentals, customers and price books the control plane publishes on ref.v1.* (once per
 * deployment: the durable consumer is shared; each process's cache follows through ReferenceFeed).
 */
@Injectable()
export class ReferenceConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: ReferenceDocumentConsumer;

  constructor(
    @Inject(CONFIG) config: HourglassConfig,
    @Inject(NATS) nats: NatsConnection,
    @Inject(CLICKHOUSE) clickhouse: ClickHouseClient,
    private readonly reference: ReferenceService,
  ) {
    this.consumer = new ReferenceDocumentConsumer(nats, config, clickhouse, {
      durableName: 'reference',
      logger: new Logger('ReferenceConsumer'),
      apply: (subject, parsed) => this.apply(subject, parsed),
    });
  }

  private async apply(subject: string, parsed: unknown): Promise<string[]> {
    // Operators (ref.v1.operators) are payouts' reference data, applied by its own consumer.
    if (subject.endsWith('.operators')) return [];
    try {
      const results = await this.reference.applyInputs(Array.isArray(parsed) ? parsed : [parsed], { publish: false, expectedKind: kindOfSubject(subject) });
      return results.filter((r) => r.outcome === 'conflict').map((r) => `${r.key}: a different document was already published under this version`);
    } catch (error) {
      if (error instanceof InvalidReferenceDocumentError) return error.errors;
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

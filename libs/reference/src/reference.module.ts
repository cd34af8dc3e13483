import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import type { NatsConnection } from 'nats';
import { STREAMS } from '@hourglass/nats';
import { ClickHouseOutboxRepository, startupPhase } from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG, NATS } from '@hourglass/platform';
import { ClickHouseReferenceRepository } from './adapters/clickhouse-reference.repository';
import { ReferenceCache } from './reference-cache';
import { ReferenceConsumer } from './reference-consumer';
import { REFERENCE_FEED_START, ReferenceFeed } from './reference-feed-consumer';
import { ReferenceController } from './reference.controller';
import { ReferenceService } from './reference.service';

@Module({
  controllers: [ReferenceController],
  providers: [
    ReferenceCache,
    {
      // Read before the snapshot: a document announced while it loads is then read again by the feed.
      provide: REFERENCE_FEED_START,
      inject: [NATS],
      useFactory: async (nats: NatsConnection) => (await (await nats.jetstreamManager()).streams.info(STREAMS.reference.name)).state.last_seq + 1,
    },
    {
      provide: ReferenceService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, ReferenceCache, REFERENCE_FEED_START],
      useFactory: async (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, cache: ReferenceCache) => {
        // Announced on ref.v1.* by the outbox relay (libs/platform), not published here.
        const outbox = new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock);
        const service = new ReferenceService(new ClickHouseReferenceRepository(clickhouse, config.clickhouse.database, outbox), cache, clock, true);
        await startupPhase('reference-cache', () => service.start());
        return service;
      },
    },
    ReferenceConsumer,
    ReferenceFeed,
  ],
  exports: [ReferenceCache, ReferenceService],
})
export class ReferenceModule {}

import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository, startupPhase } from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG } from '@hourglass/platform';
import { ClickHouseReferenceRepository } from './adapters/clickhouse-reference.repository';
import { ReferenceCache } from './reference-cache';
import { ReferenceConsumer } from './reference-consumer';
import { ReferenceController } from './reference.controller';
import { ReferenceService } from './reference.service';

@Module({
  controllers: [ReferenceController],
  providers: [
    ReferenceCache,
    {
      provide: ReferenceService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, ReferenceCache],
      useFactory: async (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, cache: ReferenceCache) => {
        // Announced on ref.v1.* by the outbox relay (libs/platform), not published here.
        const outbox = new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock);
        const service = new ReferenceService(new ClickHouseReferenceRepository(clickhouse, config.clickhouse.database, outbox), cache, clock, true);
        await startupPhase('reference-cache', () => service.start());
        return service;
      },
    },
    ReferenceConsumer,
  ],
  exports: [ReferenceCache, ReferenceService],
})
export class ReferenceModule {}

import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { CLICKHOUSE, CLOCK, CONFIG, NATS } from '@hourglass/platform';
import { ClickHouseReferenceRepository } from './adapters/clickhouse-reference.repository';
import { NatsReferencePublisher } from './adapters/nats-reference.publisher';
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
      inject: [CONFIG, CLICKHOUSE, NATS, CLOCK, ReferenceCache],
      useFactory: async (config: HourglassConfig, clickhouse: ClickHouseClient, nats: NatsConnection, clock: Clock, cache: ReferenceCache) => {
        const service = new ReferenceService(
          new ClickHouseReferenceRepository(clickhouse, config.clickhouse.database),
          cache,
          clock,
          new NatsReferencePublisher(nats.jetstream()),
        );
        await service.start();
        return service;
      },
    },
    ReferenceConsumer,
  ],
  exports: [ReferenceCache, ReferenceService],
})
export class ReferenceModule {}

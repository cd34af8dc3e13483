import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import { CLICKHOUSE, CONFIG } from '@hourglass/platform';
import { ClickHouseUsageRepository } from './adapters/clickhouse-usage.repository';
import { UsageController } from './usage.controller';
import { UsageQueryService } from './usage-query.service';

@Module({
  controllers: [UsageController],
  providers: [
    {
      provide: UsageQueryService,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new UsageQueryService(new ClickHouseUsageRepository(clickhouse, config.clickhouse.database)),
    },
  ],
  exports: [UsageQueryService],
})
export class UsageModule {}

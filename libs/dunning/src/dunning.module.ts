import { Logger, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository } from '@hourglass/kernel';
import { PaymentsModule, PaymentsService } from '@hourglass/payments';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { ClickHouseDunningRepository } from './adapters/clickhouse-dunning.repository';
import { DunningJob } from './adapters/dunning.job';
import { PaymentsServiceCollector } from './adapters/payments.collector';
import { PrometheusDunningMetrics } from './adapters/prometheus-dunning.metrics';
import { RedisDunningScheduleStore } from './adapters/redis-dunning-schedule.store';
import { DunningPolicies } from './domain';
import { DunningController } from './dunning.controller';
import { DunningQueryService } from './dunning-query.service';
import { DunningService } from './dunning.service';

@Module({
  imports: [PaymentsModule],
  controllers: [DunningController],
  providers: [
    {
      provide: ClickHouseDunningRepository,
      inject: [CONFIG, CLICKHOUSE, CLOCK],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock) => new ClickHouseDunningRepository(clickhouse, config.clickhouse.database, clock),
    },
    {
      provide: DunningService,
      inject: [CONFIG, CLICKHOUSE, REDIS, CLOCK, ClickHouseDunningRepository, PaymentsService],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: RedisClient, clock: Clock, facts: ClickHouseDunningRepository, payments: PaymentsService) => {
        const logger = new Logger('Dunning');
        return new DunningService(
          new RedisDunningScheduleStore(redis),
          facts,
          new PaymentsServiceCollector(payments),
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
          new DunningPolicies(config.dunning.policies, config.dunning.segments),
          clock,
          { warn: (m) => logger.warn(m) },
        );
      },
    },
    { provide: DunningQueryService, inject: [ClickHouseDunningRepository], useFactory: (facts: ClickHouseDunningRepository) => new DunningQueryService(facts) },
    {
      provide: PrometheusDunningMetrics,
      inject: [METRICS_REGISTRY, ClickHouseDunningRepository],
      useFactory: (registry: Registry, facts: ClickHouseDunningRepository) => {
        const logger = new Logger('DunningMetrics');
        return new PrometheusDunningMetrics(registry, facts, (e) => logger.warn(`dunning metrics unavailable: ${(e as Error).message}`));
      },
    },
    DunningJob,
  ],
  exports: [DunningJob, DunningQueryService, DunningService],
})
export class DunningModule {}

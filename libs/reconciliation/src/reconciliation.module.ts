import { Module, type OnModuleInit, Inject } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository } from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY } from '@hourglass/platform';
import type { Registry } from 'prom-client';
import { ClickHouseReconRepository } from './adapters/clickhouse-recon.repository';
import { ClickHouseReconBankRepository } from './adapters/clickhouse-recon-bank.repository';
import { reconConfigFrom } from './adapters/recon-config';
import { registerReconMetrics } from './adapters/recon.metrics';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';
import { ReconciliationSchedule } from './reconciliation-schedule.job';

@Module({
  controllers: [ReconciliationController],
  providers: [
    {
      provide: ClickHouseReconRepository,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseReconRepository(clickhouse, config.clickhouse.database),
    },
    {
      provide: ReconciliationService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, ClickHouseReconRepository],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, store: ClickHouseReconRepository) =>
        new ReconciliationService(
          store,
          clock,
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
          reconConfigFrom(config.reconciliation),
          new ClickHouseReconBankRepository(clickhouse, config.clickhouse.database),
        ),
    },
    ReconciliationSchedule,
  ],
  exports: [ReconciliationService],
})
export class ReconciliationModule implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: ClickHouseReconRepository,
  ) {}

  onModuleInit(): void {
    registerReconMetrics(this.registry, this.store, () => this.clock.nowMs());
  }
}

import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY } from '@hourglass/platform';
import { ClickHouseClosePackSource } from './adapters/clickhouse-close-pack.source';
import { ClickHouseFinanceSnapshotSource } from './adapters/clickhouse-finance-snapshot.source';
import { PrometheusFinanceMetrics } from './adapters/prometheus-finance.metrics';
import { ClosePackController } from './close-pack.controller';
import { ClosePackService } from './close-pack.service';
import type { Clock } from './ports';

@Module({
  controllers: [ClosePackController],
  providers: [
    {
      provide: PrometheusFinanceMetrics,
      inject: [CONFIG, CLICKHOUSE, CLOCK, METRICS_REGISTRY],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, registry: Registry) =>
        new PrometheusFinanceMetrics(registry, new ClickHouseFinanceSnapshotSource(clickhouse, config.clickhouse.database), clock, {
          dsoWindowDays: config.finance.dsoWindowDays,
          maxAgeMs: config.finance.metricsMaxAgeMs,
        }),
    },
    {
      provide: ClosePackService,
      inject: [CONFIG, CLICKHOUSE, CLOCK],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock) =>
        new ClosePackService(new ClickHouseClosePackSource(clickhouse, config.clickhouse.database), clock),
    },
  ],
})
export class FinanceModule {}

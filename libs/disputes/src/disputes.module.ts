import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository } from '@hourglass/kernel';
import { PAYMENT_PROCESSORS, PaymentsModule, type PaymentProcessor, type Provider } from '@hourglass/payments';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY } from '@hourglass/platform';
import type { Registry } from 'prom-client';
import { ClickHouseDisputesRepository } from './adapters/clickhouse-disputes.repository';
import { DisputesSyncScheduler } from './adapters/disputes-sync.scheduler';
import { PrometheusDisputesMetrics } from './adapters/prometheus-disputes.metrics';
import { DisputesController } from './disputes.controller';
import { DisputesService } from './disputes.service';

/** Bound on the disputes one read derives; see DisputesOptions. */
const DISPUTES_MAX = 10_000;

@Module({
  imports: [PaymentsModule],
  controllers: [DisputesController],
  providers: [
    {
      provide: DisputesService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, METRICS_REGISTRY, PAYMENT_PROCESSORS],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, registry: Registry, processors: ReadonlyMap<Provider, PaymentProcessor>) => {
        const repository = new ClickHouseDisputesRepository(clickhouse, config.clickhouse.database);
        return new DisputesService(
          repository,
          repository,
          repository,
          processors,
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
          clock,
          new PrometheusDisputesMetrics(registry),
          { lossPolicy: config.disputes.lossPolicy, issuer: `Hourglass (${config.billing.entity})`, disputesMax: DISPUTES_MAX },
        );
      },
    },
    DisputesSyncScheduler,
  ],
  exports: [DisputesService],
})
export class DisputesModule {}

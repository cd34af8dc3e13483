import { Global, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import { SANCTIONS_GATE, type Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository } from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY } from '@hourglass/platform';
import { ClickHouseFraudSignals } from './adapters/clickhouse-fraud-signals.repository';
import { ClickHousePartySource } from './adapters/clickhouse-party.source';
import { ClickHouseRiskRepository } from './adapters/clickhouse-risk.repository';
import { PrometheusRiskMetrics } from './adapters/prometheus-risk.metrics';
import { RiskJobs } from './adapters/risk-jobs.job';
import { DEFAULT_MATCHER_OPTIONS } from './domain/sanctions-index';
import { FraudSignalsService } from './fraud-signals.service';
import { RiskController } from './risk.controller';
import { SanctionsListsService } from './sanctions-lists.service';
import { ScreeningService } from './screening.service';

// Global: the SanctionsGate it provides is asked by payouts (and later rentals), which must not import risk.
@Global()
@Module({
  controllers: [RiskController],
  providers: [
    { provide: PrometheusRiskMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new PrometheusRiskMetrics(registry) },
    {
      provide: ClickHouseRiskRepository,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseRiskRepository(clickhouse, config.clickhouse.database),
    },
    {
      provide: SanctionsListsService,
      inject: [CONFIG, ClickHouseRiskRepository, CLOCK, PrometheusRiskMetrics],
      useFactory: async (config: HourglassConfig, store: ClickHouseRiskRepository, clock: Clock, metrics: PrometheusRiskMetrics) => {
        const { blockThreshold, reviewThreshold } = config.risk.sanctions;
        const service = new SanctionsListsService(store, clock, { ...DEFAULT_MATCHER_OPTIONS, thresholds: { block: blockThreshold, review: reviewThreshold } }, metrics);
        // The index of the lists in force is built before the module is ready: no screening runs on an empty index.
        await service.refreshFromStore();
        return service;
      },
    },
    {
      provide: ScreeningService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, SanctionsListsService, ClickHouseRiskRepository, PrometheusRiskMetrics],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, lists: SanctionsListsService, store: ClickHouseRiskRepository, metrics: PrometheusRiskMetrics) =>
        new ScreeningService(
          lists,
          store,
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
          clock,
          // Operator documents are payouts' (operator_versions): every version is screened, so a renamed
          // operator is screened under its old name too until the lists clear it.
          [
            new ClickHousePartySource(clickhouse, config.clickhouse.database, { kind: 'customer', view: 'customers', idColumn: 'customer_id' }),
            new ClickHousePartySource(clickhouse, config.clickhouse.database, { kind: 'operator', view: 'operator_versions', idColumn: 'operator_id' }),
          ],
          metrics,
        ),
    },
    // The port payouts and rentals ask (libs/contracts/src/party-gates.ts).
    { provide: SANCTIONS_GATE, useExisting: ScreeningService },
    {
      provide: FraudSignalsService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, PrometheusRiskMetrics],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, metrics: PrometheusRiskMetrics) => {
        const { intervalMs: _interval, windowMs, ...thresholds } = config.risk.signals;
        return new FraudSignalsService(
          new ClickHouseFraudSignals(clickhouse, config.clickhouse.database),
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
          clock,
          thresholds,
          windowMs,
          metrics,
        );
      },
    },
    RiskJobs,
  ],
  exports: [SANCTIONS_GATE, ScreeningService, SanctionsListsService, FraudSignalsService],
})
export class RiskModule {}

import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Registry } from 'prom-client';
import { ClickHouseFactStore } from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY } from '@hourglass/platform';
import { ClickHouseInvoicingFacts } from './adapters/clickhouse-invoicing-facts.source';
import { ClickHousePaymentsFacts } from './adapters/clickhouse-payments-facts.source';
import { ClickHousePayoutsFacts } from './adapters/clickhouse-payouts-facts.source';
import { ClickHouseDisputesFacts } from './adapters/clickhouse-disputes-facts.source';
import { ClickHouseReconciliationFacts } from './adapters/clickhouse-reconciliation-facts.source';
import { ClickHouseLedgerStore } from './adapters/clickhouse-ledger.store';
import { LedgerSyncScheduler } from './adapters/ledger-sync.scheduler';
import { PrometheusLedgerMetrics } from './adapters/prometheus-ledger.metrics';
import { LedgerController } from './ledger.controller';
import { invoicingFeeds } from './invoicing-feeds';
import { paymentsFeeds } from './payments-feeds';
import { payoutsFeeds } from './payouts-feeds';
import { disputesFeeds } from './disputes-feeds';
import { reconciliationFeeds } from './reconciliation-feeds';
import { DEFAULT_LEDGER_POSTING_OPTIONS, LedgerPostingJob } from './ledger-posting.job';
import { LedgerQueryService } from './ledger-query.service';
import type { Clock } from './ports';

@Module({
  controllers: [LedgerController],
  providers: [
    {
      provide: ClickHouseLedgerStore,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) =>
        new ClickHouseLedgerStore(clickhouse, config.clickhouse.database, new ClickHouseFactStore(clickhouse, config.clickhouse.database)),
    },
    {
      provide: LedgerPostingJob,
      inject: [CONFIG, CLICKHOUSE, ClickHouseLedgerStore, CLOCK, METRICS_REGISTRY],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, store: ClickHouseLedgerStore, clock: Clock, registry: Registry) =>
        new LedgerPostingJob(
          [
            ...invoicingFeeds(new ClickHouseInvoicingFacts(clickhouse, config.clickhouse.database)),
            ...paymentsFeeds(new ClickHousePaymentsFacts(clickhouse, config.clickhouse.database)),
            ...payoutsFeeds(new ClickHousePayoutsFacts(clickhouse, config.clickhouse.database)),
            ...disputesFeeds(new ClickHouseDisputesFacts(clickhouse, config.clickhouse.database)),
            ...reconciliationFeeds(new ClickHouseReconciliationFacts(clickhouse, config.clickhouse.database)),
          ],
          store,
          clock,
          DEFAULT_LEDGER_POSTING_OPTIONS,
          new PrometheusLedgerMetrics(registry),
        ),
    },
    { provide: LedgerQueryService, inject: [ClickHouseLedgerStore], useFactory: (store: ClickHouseLedgerStore) => new LedgerQueryService(store) },
    LedgerSyncScheduler,
  ],
  exports: [LedgerPostingJob, LedgerQueryService],
})
export class LedgerModule {}

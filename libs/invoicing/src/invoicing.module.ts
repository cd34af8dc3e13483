import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type Redis from 'ioredis';
import type { FaultSwitches, HourglassConfig } from '@hourglass/config';
import type { Clock, IdGenerator } from '@hourglass/contracts';
import { ClickHouseOutboxRepository, FencedLeaseRunner, RedisLeaseStore } from '@hourglass/kernel';
import { STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CLOCK, CONFIG, FAULT_SWITCHES, ID_GENERATOR, NATS, REDIS } from '@hourglass/platform';
import { ReferenceModule } from '@hourglass/reference';
import { ReferenceCache } from '@hourglass/reference';
import { ClickHouseReferenceRepository } from '@hourglass/reference';
import type { RoundingMode } from '@hourglass/money';
import { ClickHouseBillingRepository } from './adapters/clickhouse-billing.repository';
import { BillingRunService } from './billing-run.service';
import { BillingSchedule } from './adapters/billing-schedule.job';
import { InvoiceLifecycleService } from './adapters/clickhouse-invoice-lifecycle.service';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { InvoicingController } from './invoicing.controller';

@Module({
  imports: [ReferenceModule],
  controllers: [InvoicingController],
  providers: [
    {
      provide: BillingRunService,
      inject: [CONFIG, CLICKHOUSE, REDIS, NATS, CLOCK, ReferenceCache, FAULT_SWITCHES],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: Redis, nats: NatsConnection, clock: Clock, cache: ReferenceCache, faults: FaultSwitches) => {
        const references = new ClickHouseReferenceRepository(clickhouse, config.clickhouse.database);
        return new BillingRunService(
          new ClickHouseBillingRepository(clickhouse, config.clickhouse.database, clock, {
            // Test-only fault injection (see FaultSwitches): zero unless a fault test turned it on.
            pauseAfterLinesMs: faults.billingPauseAfterLinesMs,
          }),
          new FencedLeaseRunner(new RedisLeaseStore(redis), clock),
          {
            rentals: () => cache.allRentals(),
            priceBooks: () => {
              const books = new Map<string, ReturnType<ReferenceCache['allPriceBooks']>>();
              for (const v of cache.allPriceBooks()) {
                const versions = books.get(v.priceBookId);
                if (versions) versions.push(v);
                else books.set(v.priceBookId, [v]);
              }
              return books;
            },
            rentalHistory: (id) => references.rentalHistory(id),
          },
          {
            undelivered: async () => {
              const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.metering.consumer.durableName).catch(() => null);
              return info?.num_pending ?? 0;
            },
            ackFloor: async () => {
              const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.metering.consumer.durableName).catch(() => null);
              return info ? info.ack_floor.stream_seq : null;
            },
          },
          clock,
          {
            billingEntity: config.billing.entity,
            roundingOverrides: config.billing.roundingOverrides as Record<string, RoundingMode>,
            ingestWaitMs: 30_000,
            // Renewed while the run is alive: after a crash the next run waits at most this long.
            leaseMs: 30_000,
          },
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
        );
      },
    },
    {
      provide: InvoiceQueryService,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new InvoiceQueryService(clickhouse, config.clickhouse.database),
    },
    {
      provide: InvoiceLifecycleService,
      inject: [CONFIG, CLICKHOUSE, REDIS, CLOCK, ID_GENERATOR],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: Redis, clock: Clock, ids: IdGenerator) =>
        new InvoiceLifecycleService(clickhouse, config.clickhouse.database, new RedisLeaseStore(redis), clock, config.billing.entity, ids),
    },
    BillingSchedule,
  ],
  exports: [BillingRunService, InvoiceQueryService, InvoiceLifecycleService],
})
export class InvoicingModule {}

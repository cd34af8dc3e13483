import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type Redis from 'ioredis';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseOutboxRepository, FencedLeaseRunner, RedisLeaseStore } from '@hourglass/kernel';
import { STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CLOCK, CONFIG, NATS, REDIS } from '@hourglass/platform';
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
      inject: [CONFIG, CLICKHOUSE, REDIS, NATS, CLOCK, ReferenceCache],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: Redis, nats: NatsConnection, clock: Clock, cache: ReferenceCache) => {
        const references = new ClickHouseReferenceRepository(clickhouse, config.clickhouseDatabase);
        return new BillingRunService(
          new ClickHouseBillingRepository(clickhouse, config.clickhouseDatabase, clock, {
            // Test-only fault injection (see ClickHouseBillingRepositoryOptions); unset in deployments.
            pauseAfterLinesMs: config.billingPauseAfterLinesMs,
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
              const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.consumer.durableName).catch(() => null);
              return info?.num_pending ?? 0;
            },
            ackFloor: async () => {
              const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.consumer.durableName).catch(() => null);
              return info ? info.ack_floor.stream_seq : null;
            },
          },
          clock,
          {
            billingEntity: config.billingEntity,
            roundingOverrides: config.roundingOverrides as Record<string, RoundingMode>,
            ingestWaitMs: 30_000,
            // Renewed while the run is alive: after a crash the next run waits at most this long.
            leaseMs: 30_000,
          },
          new ClickHouseOutboxRepository(clickhouse, config.clickhouseDatabase, clock),
        );
      },
    },
    {
      provide: InvoiceQueryService,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new InvoiceQueryService(clickhouse, config.clickhouseDatabase),
    },
    {
      provide: InvoiceLifecycleService,
      inject: [CONFIG, CLICKHOUSE, REDIS, CLOCK],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: Redis, clock: Clock) =>
        new InvoiceLifecycleService(clickhouse, config.clickhouseDatabase, new RedisLeaseStore(redis), clock, config.billingEntity),
    },
    BillingSchedule,
  ],
  exports: [BillingRunService, InvoiceQueryService, InvoiceLifecycleService],
})
export class InvoicingModule {}

import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, NATS, REDIS } from '@hourglass/platform';
import { ReferenceModule } from '@hourglass/reference';
import { ReferenceService } from '@hourglass/reference';
import { ClickHouseRatingRepository } from './adapters/clickhouse-rating.repository';
import { NatsAlertSink } from './adapters/nats-alert.sink';
import { PrometheusRatingMetrics } from './adapters/prometheus-rating.metrics';
import { RATING_JOB_CONFIG, RatingScheduler } from './adapters/rating-scheduler';
import { RedisSpendStore } from './adapters/redis-spend.store';
import { ReferenceCacheLookup } from './adapters/reference-cache.lookup';
import type { Clock } from './ports';
import type { RatingJobConfig } from './rating-job.config';
import { RatingJobService } from './rating-job.service';
import { SpendController } from './spend.controller';
import { SpendQueryService } from './spend-query.service';

@Module({
  imports: [ReferenceModule],
  controllers: [SpendController],
  providers: [
    { provide: RATING_JOB_CONFIG, inject: [CONFIG], useFactory: (config: HourglassConfig) => config.rating },
    {
      provide: ClickHouseRatingRepository,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseRatingRepository(clickhouse, config.clickhouse.database),
    },
    // ReferenceService, not only the cache: its factory resolves after the cache is loaded from ClickHouse.
    { provide: ReferenceCacheLookup, inject: [ReferenceService], useFactory: (reference: ReferenceService) => new ReferenceCacheLookup(reference.cache) },
    {
      provide: RatingJobService,
      inject: [RATING_JOB_CONFIG, ClickHouseRatingRepository, ReferenceCacheLookup, REDIS, NATS, METRICS_REGISTRY, CLOCK],
      useFactory: (
        options: RatingJobConfig,
        repository: ClickHouseRatingRepository,
        reference: ReferenceCacheLookup,
        redis: RedisClient,
        nats: NatsConnection,
        registry: Registry,
        clock: Clock,
      ) =>
        new RatingJobService(
          repository,
          new RedisSpendStore(redis),
          new NatsAlertSink(nats.jetstream(), redis),
          reference,
          new PrometheusRatingMetrics(registry),
          clock,
          options,
        ),
    },
    {
      provide: SpendQueryService,
      inject: [ClickHouseRatingRepository, ReferenceCacheLookup, REDIS, CLOCK],
      useFactory: (repository: ClickHouseRatingRepository, reference: ReferenceCacheLookup, redis: RedisClient, clock: Clock) =>
        new SpendQueryService(new RedisSpendStore(redis), repository, reference, clock),
    },
    RatingScheduler,
  ],
  exports: [RatingJobService, SpendQueryService],
})
export class RatingJobModule {}

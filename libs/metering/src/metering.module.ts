import { Logger, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { duplicateRedis, type RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import { IngestMetrics } from '@hourglass/observability';
import { instanceId } from '@hourglass/clickhouse';
import { startupPhase } from '@hourglass/kernel';
import type { IdGenerator } from '@hourglass/contracts';
import { CLICKHOUSE, CLOCK, CONFIG, ID_GENERATOR, METRICS_REGISTRY, NATS, REDIS, watchRedis } from '@hourglass/platform';
import { ReferenceModule } from '@hourglass/reference';
import { ReferenceCache } from '@hourglass/reference';
import { ConsumerLagWatch } from './adapters/consumer-lag.watch';
import { ClickHouseUsageOutcomeRepository } from './adapters/clickhouse-usage-outcome.repository';
import { ClickHouseParkedUsageStore } from './adapters/clickhouse-parked-usage.store';
import { ParkedUsageReviewJob } from './adapters/parked-usage-review.job';
import { NatsDeadLetterSink } from './adapters/nats-dead-letter.sink';
import { PrometheusMeteringMetrics, TimedUsageOutcomeRepository } from './adapters/prometheus-metering.metrics';
import { recoverDedupClaims } from './adapters/dedup-recovery';
import { RedisDedupStore } from './adapters/redis-dedup.store';
import { MeteringService } from './metering.service';
import type { Clock } from './ports';
import { StatusController } from './status.controller';
import { RejectionsController } from './rejections.controller';
import { RejectionsReplayService } from './rejections-replay.service';
import { ClickHouseReplayStore } from './adapters/clickhouse-replay.store';
import { StatusService } from './adapters/ingest-status.service';
import { DEDUP_REDIS, UsageConsumer } from './usage-consumer';

@Module({
  imports: [ReferenceModule],
  controllers: [StatusController, RejectionsController],
  providers: [
    { provide: IngestMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new IngestMetrics(registry) },
    {
      // Dedup claims live under this store's instance id: a fresh ClickHouse that meets a Redis used
      // by an earlier store (the same server, a new data directory) starts from no claims.
      provide: DEDUP_REDIS,
      inject: [CONFIG, CLICKHOUSE, REDIS, CLOCK, ID_GENERATOR],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: RedisClient, clock: Clock, ids: IdGenerator) =>
        startupPhase('dedup-redis', async () => {
          const id = await instanceId(clickhouse, config.clickhouse.database, clock, ids);
          const dedup = duplicateRedis(redis, `${config.redis.keyPrefix}${id}:`);
          watchRedis(dedup, new Logger('DedupRedis'));
          await dedup.connect();
          return dedup;
        }),
    },
    {
      provide: ClickHouseParkedUsageStore,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseParkedUsageStore(clickhouse, config.clickhouse.database),
    },
    {
      provide: MeteringService,
      inject: [CONFIG, CLICKHOUSE, DEDUP_REDIS, NATS, ReferenceCache, IngestMetrics, CLOCK, ClickHouseParkedUsageStore],
      useFactory: (
        config: HourglassConfig,
        clickhouse: ClickHouseClient,
        redis: RedisClient,
        nats: NatsConnection,
        cache: ReferenceCache,
        metrics: IngestMetrics,
        clock: Clock,
        parking: ClickHouseParkedUsageStore,
      ) =>
        new MeteringService(
          new TimedUsageOutcomeRepository(new ClickHouseUsageOutcomeRepository(clickhouse, config.clickhouse.database), metrics),
          new RedisDedupStore(redis, config.metering.dedupTtlSeconds, () =>
            recoverDedupClaims(redis, clickhouse, config.clickhouse.database, config.metering.dedupTtlSeconds, clock, (line) => new Logger('Dedup').warn(line)),
            config.redis.waitReplicas,
          ),
          { get: (id) => cache.rental(id) },
          new NatsDeadLetterSink(nats.jetstream()),
          parking,
          new PrometheusMeteringMetrics(metrics),
          clock,
          { unknownRentalGraceMs: config.metering.unknownRentalGraceMs },
        ),
    },
    {
      provide: RejectionsReplayService,
      inject: [CONFIG, CLICKHOUSE, ReferenceCache, CLOCK, ID_GENERATOR],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, cache: ReferenceCache, clock: Clock, ids: IdGenerator) =>
        new RejectionsReplayService(new ClickHouseReplayStore(clickhouse, config.clickhouse.database, clock), (id) => cache.rental(id), clock, ids),
    },
    UsageConsumer,
    ParkedUsageReviewJob,
    StatusService,
    ConsumerLagWatch,
  ],
  exports: [StatusService],
})
export class MeteringModule {}

import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type Redis from 'ioredis';
import { createClickHouse, migrate, useDatabase } from '../../libs/clickhouse/src';
import type { HourglassConfig } from '../../libs/config/src';
import { ClickHouseUsageOutcomeRepository } from '../../libs/metering/src/adapters/clickhouse-usage-outcome.repository';
import { NatsDeadLetterSink } from '../../libs/metering/src/adapters/nats-dead-letter.sink';
import { PrometheusMeteringMetrics } from '../../libs/metering/src/adapters/prometheus-metering.metrics';
import { RedisDedupStore } from '../../libs/metering/src/adapters/redis-dedup.store';
import { MeteringService } from '../../libs/metering/src/metering.service';
import type { Clock, RentalLookup } from '../../libs/metering/src/ports';
import { UsageConsumer } from '../../libs/metering/src/usage-consumer';
import { connectNats, provisionStreams } from '../../libs/nats/src';
import { createRegistry, IngestMetrics } from '../../libs/observability/src';
import { connectRedis } from '../../libs/redis/src';
import { ClickHouseReferenceRepository } from '../../libs/reference/src/adapters/clickhouse-reference.repository';
import { ReferenceCache } from '../../libs/reference/src/reference-cache';
import { ReferenceService } from '../../libs/reference/src/reference.service';

/**
 * The metering pipeline wired as MeteringModule wires it (the same adapters and the same
 * UsageConsumer), minus Nest and HTTP, so that the benchmark loads reference data before the
 * consumer starts and times the consumer alone. The ClickHouse client stays open after the consumer
 * stops: chDB binds one data directory per process, and the ceilings run on the same one.
 */
export interface Pipeline {
  clickhouse: ClickHouseClient;
  nats: NatsConnection;
  rentals: RentalLookup;
  /** Starts consuming; returns once the consumer loop runs. */
  start(): Promise<void>;
  /** Finishes the batch in hand and stops consuming. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export const clock: Clock = { nowMs: () => Date.now() };

export async function openPipeline(config: HourglassConfig, referenceDocuments: readonly object[]): Promise<Pipeline> {
  let clickhouse = createClickHouse(config);
  await migrate(clickhouse, { database: config.clickhouseDatabase, cluster: config.clickhouseCluster, dedupWindow: 10_000 });
  clickhouse = await useDatabase(clickhouse, config, config.clickhouseDatabase);
  const nats = await connectNats(config.natsUrl, 'hourglass-bench');
  await provisionStreams(await nats.jetstreamManager());
  const redis: Redis = await connectRedis(config.redisUrl, config.redisKeyPrefix);
  const metrics = new IngestMetrics(createRegistry('bench'));

  const cache = new ReferenceCache();
  const reference = new ReferenceService(new ClickHouseReferenceRepository(clickhouse, config.clickhouseDatabase), cache, clock, null);
  await reference.start();
  await reference.applyInputs(referenceDocuments, { publish: false });
  const rentals: RentalLookup = { get: (id) => cache.rental(id) };

  const metering = new MeteringService(
    new ClickHouseUsageOutcomeRepository(clickhouse, config.clickhouseDatabase),
    new RedisDedupStore(redis, config.dedupTtlSeconds),
    rentals,
    new NatsDeadLetterSink(nats.jetstream()),
    new PrometheusMeteringMetrics(metrics),
    clock,
    { unknownRentalGraceMs: config.unknownRentalGraceMs, pendingRetryMs: config.consumer.pendingRetryMs },
  );
  const consumer = new UsageConsumer(config, nats, metering, metrics);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.beforeApplicationShutdown();
  };
  return {
    clickhouse,
    nats,
    rentals,
    start: () => consumer.onApplicationBootstrap(),
    stop,
    async close() {
      await stop();
      await nats.drain().catch(() => undefined);
      redis.disconnect();
      await clickhouse.close();
    },
  };
}

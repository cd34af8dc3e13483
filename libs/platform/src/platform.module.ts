import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type Redis from 'ioredis';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { HealthController } from './health.controller';
import { OutboxRelayJob } from './outbox-relay.job';
import { platformProviders } from './platform.providers';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, NATS, REDIS } from './tokens';

/** The shared I/O clients, opened once per process, closed last on shutdown. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** `clock` replaces the system clock, for tests that must not depend on today's date. */
  static forRoot(config: HourglassConfig, appName: string, clock?: Clock): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [...platformProviders(config, appName, clock), OutboxRelayJob],
      exports: [CONFIG, CLOCK, METRICS_REGISTRY, CLICKHOUSE, NATS, REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // Drain lets in-flight publishes and acks reach the server before the socket closes.
    await this.nats.drain().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    await this.clickhouse.close().catch(() => undefined);
  }
}

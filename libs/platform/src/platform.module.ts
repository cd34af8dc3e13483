import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { HourglassConfig } from '@hourglass/config';
import { HealthController } from './health.controller';
import { OutboxRelayJob } from './outbox-relay.job';
import { platformProviders, type PlatformOptions } from './platform.providers';
import { CLICKHOUSE, CLOCK, CONFIG, FAULT_SWITCHES, ID_GENERATOR, METRICS_REGISTRY, NATS, REDIS } from './tokens';

/** The shared I/O clients, opened once per process, closed last on shutdown. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  /** `options.clock` replaces the system clock, for tests that must not depend on today's date. */
  static forRoot(config: HourglassConfig, appName: string, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [...platformProviders(config, appName, options), OutboxRelayJob],
      exports: [CONFIG, CLOCK, ID_GENERATOR, FAULT_SWITCHES, METRICS_REGISTRY, CLICKHOUSE, NATS, REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // Drain lets in-flight publishes and acks reach the server before the socket closes.
    await this.nats.drain().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    await this.clickhouse.close().catch(() => undefined);
  }
}

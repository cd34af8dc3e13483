import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, migrate, useDatabase } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { connectNats, provisionStreams } from '@hourglass/nats';
import { createRegistry } from '@hourglass/observability';
import { connectRedis } from '@hourglass/redis';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, NATS, REDIS } from './tokens';

export class ClickHouseUnavailableError extends Error {}

export const SYSTEM_CLOCK: Clock = { nowMs: () => Date.now() };

export function platformProviders(config: HourglassConfig, appName: string, clock: Clock = SYSTEM_CLOCK): Provider[] {
  return [
    { provide: CONFIG, useValue: config },
    { provide: CLOCK, useValue: clock },
    { provide: METRICS_REGISTRY, useValue: createRegistry(appName) },
    {
      provide: CLICKHOUSE,
      useFactory: async (): Promise<ClickHouseClient> => {
        const client = createClickHouse(config);
        try {
          await migrate(client, { database: config.clickhouseDatabase, cluster: config.clickhouseCluster, dedupWindow: 10_000 });
        } catch (error) {
          await client.close().catch(() => undefined);
          const where = config.clickhouseUrl ?? `embedded chDB at ${config.dataDir}`;
          const hint = config.clickhouseUrl
            ? 'check CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD'
            : 'another process may hold this data directory (stop it, or set HOURGLASS_DATA_DIR)';
          throw new ClickHouseUnavailableError(`ClickHouse is not usable (${where}): ${(error as Error).message}; ${hint}`);
        }
        return useDatabase(client, config, config.clickhouseDatabase);
      },
    },
    {
      provide: NATS,
      useFactory: async (): Promise<NatsConnection> => {
        const nc = await connectNats(config.natsUrl, `hourglass-${appName}`, config.natsAuth);
        await provisionStreams(await nc.jetstreamManager());
        return nc;
      },
    },
    { provide: REDIS, useFactory: () => connectRedis(config.redisUrl, config.redisKeyPrefix) },
  ];
}

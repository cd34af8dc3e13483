import type { Provider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, migrate, useDatabase } from '@hourglass/clickhouse';
import { NO_FAULTS, type FaultSwitches, type HourglassConfig } from '@hourglass/config';
import type { Clock, IdGenerator } from '@hourglass/contracts';
import { randomIds, recordStartupPhase, startupPhase, systemClock } from '@hourglass/kernel';
import { connectNats, provisionStreams } from '@hourglass/nats';
import { createRegistry } from '@hourglass/observability';
import { connectRedis } from '@hourglass/redis';
import { watchNats, watchRedis } from './dependency-watch';
import { CLICKHOUSE, CLOCK, CONFIG, FAULT_SWITCHES, ID_GENERATOR, METRICS_REGISTRY, NATS, REDIS } from './tokens';
import { DomainError } from '@hourglass/contracts';

/** ClickHouse could not be reached or migrated at start-up. */
export class ClickHouseUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** What a process may replace: tests give a fixed clock and deterministic ids, fault tests their switches. */
export interface PlatformOptions {
  clock?: Clock;
  ids?: IdGenerator;
  faults?: FaultSwitches;
}

export function platformProviders(config: HourglassConfig, appName: string, options: PlatformOptions = {}): Provider[] {
  const clock = options.clock ?? systemClock;
  return [
    { provide: CONFIG, useValue: config },
    { provide: CLOCK, useValue: clock },
    { provide: ID_GENERATOR, useValue: options.ids ?? randomIds },
    { provide: FAULT_SWITCHES, useValue: options.faults ?? NO_FAULTS },
    { provide: METRICS_REGISTRY, useValue: createRegistry(appName) },
    {
      provide: CLICKHOUSE,
      useFactory: async (): Promise<ClickHouseClient> => {
        // Opening chDB's data directory (or reaching the server), timed apart from the migrations.
        const opening = performance.now();
        const client = createClickHouse(config);
        try {
          await client.command({ query: 'SELECT 1' });
          recordStartupPhase('chdb', performance.now() - opening);
          await startupPhase('migrations', () =>
            migrate(client, { database: config.clickhouse.database, cluster: config.clickhouse.cluster, dedupWindow: 10_000 }, clock),
          );
        } catch (error) {
          await client.close().catch(() => undefined);
          const where = config.clickhouse.url ?? `embedded chDB at ${config.clickhouse.dataDir}`;
          const hint = config.clickhouse.url
            ? 'check CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD'
            : 'another process may hold this data directory (stop it, or set HOURGLASS_DATA_DIR)';
          throw new ClickHouseUnavailableError(`ClickHouse is not usable (${where}): ${(error as Error).message}; ${hint}`);
        }
        return useDatabase(client, config, config.clickhouse.database);
      },
    },
    {
      provide: NATS,
      useFactory: (): Promise<NatsConnection> =>
        startupPhase('nats', async () => {
          const nc = await connectNats(config.nats.url, `hourglass-${appName}`, config.nats.auth);
          await provisionStreams(await nc.jetstreamManager(), config.nats.streamReplicas);
          watchNats(nc);
          return nc;
        }),
    },
    {
      provide: REDIS,
      useFactory: () =>
        startupPhase('redis', async () => {
          const redis = await connectRedis(config.redis);
          watchRedis(redis);
          return redis;
        }),
    },
  ];
}

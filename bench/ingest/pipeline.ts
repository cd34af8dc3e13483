import type { INestApplication } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { startServer } from '../../apps/hourglass/src/server';
import { createClickHouse, migrate } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock, RentalLookup } from '@hourglass/metering';
import { UsageConsumer } from '@hourglass/metering';
import { CLICKHOUSE } from '@hourglass/platform';
import { ClickHouseReferenceRepository } from '@hourglass/reference';
import { ReferenceCache } from '@hourglass/reference';
import { ReferenceService } from '@hourglass/reference';
import { systemClock } from '@hourglass/kernel';

export const clock: Clock = { nowMs: () => Date.now() };

/**
 * What `hourglass serve` runs, in this process: the whole Nest application, HTTP included, so the
 * figures are the service's and not a hand-wired copy of it. Reference data is written to ClickHouse
 * first, as an earlier `hourglass load` would have, so the service knows every rental when its usage
 * consumer starts. The ClickHouse client stays usable after the consumer stops: chDB binds one data
 * directory per process, and the ceilings run on the same one.
 */
export interface Pipeline {
  readonly clickhouse: ClickHouseClient;
  readonly rentals: RentalLookup;
  /** Finishes the batch in hand and stops consuming; the rest of the service keeps running. */
  stopConsumer(): Promise<void>;
  close(): Promise<void>;
}

export async function loadReference(config: HourglassConfig, documents: readonly object[]): Promise<void> {
  const client = createClickHouse(config);
  try {
    await migrate(client, { database: config.clickhouse.database, cluster: config.clickhouse.cluster, dedupWindow: 10_000 }, systemClock);
    const reference = new ReferenceService(new ClickHouseReferenceRepository(client, config.clickhouse.database), new ReferenceCache(), clock, false);
    await reference.start();
    await reference.applyInputs(documents, { publish: false });
  } finally {
    await client.close();
  }
}

/** Boots the service; its usage consumer starts fetching as soon as the application is up. */
export async function startPipeline(config: HourglassConfig): Promise<Pipeline> {
  const { app } = await startServer({ ...config, http: { ...config.http, port: 0 } }, { logLevels: ['error', 'warn'] });
  const cache = app.get(ReferenceCache);
  let stopped = false;
  const stopConsumer = async () => {
    if (stopped) return;
    stopped = true;
    await app.get(UsageConsumer).beforeApplicationShutdown();
  };
  return {
    clickhouse: app.get<symbol, ClickHouseClient>(CLICKHOUSE),
    rentals: { get: (id) => cache.rental(id) },
    stopConsumer,
    async close() {
      await stopConsumer();
      await (app as INestApplication).close();
    },
  };
}

import * as fs from 'node:fs';
import { connect, type NatsConnection } from 'nats';
import { startServer, type StartedServer } from '../../apps/hourglass/src/server';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { workerDataDir } from './worker-data-dir';

/**
 * A whole Hourglass (all modules, HTTP) against its own nats-server and redis-server on spare ports,
 * and its own ClickHouse database. chDB binds one data directory per process, so every test file in a
 * jest worker shares the worker's directory and isolates by database instead.
 */
export interface Harness {
  config: HourglassConfig;
  server: StartedServer;
  nats: LocalService;
  redis: LocalService;
  nc: NatsConnection;
  api<T = unknown>(method: 'GET' | 'POST', urlPath: string, body?: unknown): Promise<{ status: number; body: T }>;
  sql<T = Record<string, unknown>>(query: string): Promise<T[]>;
  publish(subject: string, payload: string | object, msgId?: string): Promise<void>;
  waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export { workerDataDir };

/** A clock that starts at a fixed instant and runs at the real rate (the kernel's; re-exported for the tests). */
export { clockStartingAt } from '@hourglass/kernel';

export async function startHarness(
  env: Record<string, string> = {},
  reuse?: { nats?: LocalService; redis?: LocalService },
  options: { clock?: Clock } = {},
): Promise<Harness> {
  const nats = reuse?.nats ?? (await startLocalNats());
  const redis = reuse?.redis ?? (await startLocalRedis());
  const database = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const config = loadConfig({
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    HOURGLASS_DATA_DIR: workerDataDir(),
    CLICKHOUSE_DATABASE: database,
    HOURGLASS_HTTP_PORT: '0',
    HOURGLASS_HTTP_HOST: '127.0.0.1',
    ...(process.env.CLICKHOUSE_URL ? { CLICKHOUSE_URL: process.env.CLICKHOUSE_URL } : {}),
    ...env,
  });
  fs.mkdirSync(config.clickhouse.dataDir, { recursive: true });
  const server = await startServer(config, { logLevels: ['error'], clock: options.clock });
  const nc = await connect({ servers: nats.url });
  const js = nc.jetstream();

  const api: Harness['api'] = async (method, urlPath, body) => {
    const response = await fetch(server.url + urlPath, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML or PDF bodies stay text.
    }
    return { status: response.status, body: parsed as never };
  };

  return {
    config,
    server,
    nats,
    redis,
    nc,
    api,
    async sql<T>(query: string): Promise<T[]> {
      const r = await api<{ rows: T[] }>('POST', '/v1/sql', { query });
      if (r.status !== 200) throw new Error(`sql failed: ${JSON.stringify(r.body)}`);
      return r.body.rows;
    },
    async publish(subject, payload, msgId) {
      await js.publish(subject, typeof payload === 'string' ? payload : JSON.stringify(payload), msgId ? { msgID: msgId } : {});
    },
    async waitFor(probe, done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await probe();
      while (!done(last)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 100));
        last = await probe();
      }
      return last;
    },
    async close() {
      await nc.close();
      await server.app.close();
      if (!reuse?.nats) await nats.stop();
      if (!reuse?.redis) await redis.stop();
    },
  };
}

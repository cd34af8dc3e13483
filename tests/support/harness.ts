import type { ModuleMetadata } from '@nestjs/common';
import * as fs from 'node:fs';
import { connect, type NatsConnection } from 'nats';
import { startServer, type StartedServer } from '../../apps/hourglass/src/server';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { natsCredentials, natsServers } from '@hourglass/nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { workerDataDir } from './worker-data-dir';
import { waitUntil } from './wait-until';

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
  /** The admin token the server made in its data directory, sent by api() unless told otherwise. */
  token: string;
  /** `token: null` sends no Authorization header; a string sends that token instead of the admin's. */
  api<T = unknown>(method: 'GET' | 'POST', urlPath: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  /** Authorization for the admin token, for tests that call fetch themselves. */
  authHeaders(): Record<string, string>;
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
  options: { clock?: Clock; /** With a tokens file in env: the admin token it names, for api(). */ adminToken?: string; /** Extra Nest modules, e.g. a global fake port. */ imports?: NonNullable<ModuleMetadata['imports']> } = {},
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
  const server = await startServer(config, { logLevels: ['error'], clock: options.clock, imports: options.imports });
  // Every harness in a jest worker shares the worker's data directory, and so its admin token file;
  // the server says which token it accepts, whoever wrote the file first.
  const token = server.adminToken ?? options.adminToken;
  if (!token) throw new Error('the harness needs an admin token: configure no tokens file, or pass options.adminToken');
  const nc = await connect({ servers: natsServers(nats.url), ...natsCredentials(config.nats.auth) });
  const js = nc.jetstream();

  const api: Harness['api'] = async (method, urlPath, body, options = {}) => {
    const bearer = options.token === undefined ? token : options.token;
    const response = await fetch(server.url + urlPath, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML or PDF bodies stay text.
    }
    return { status: response.status, body: parsed as never, headers: response.headers };
  };

  return {
    config,
    server,
    nats,
    redis,
    nc,
    token,
    api,
    authHeaders: () => ({ authorization: `Bearer ${token}` }),
    async sql<T>(query: string): Promise<T[]> {
      const r = await api<{ rows: T[] }>('POST', '/v1/sql', { query });
      if (r.status !== 200) throw new Error(`sql failed: ${JSON.stringify(r.body)}`);
      return r.body.rows;
    },
    async publish(subject, payload, msgId) {
      await js.publish(subject, typeof payload === 'string' ? payload : JSON.stringify(payload), msgId ? { msgID: msgId } : {});
    },
    waitFor: (probe, done, timeoutMs = 30_000) => waitUntil(probe, done, timeoutMs),
    async close() {
      await nc.close();
      await server.app.close();
      if (!reuse?.nats) await nats.stop();
      if (!reuse?.redis) await redis.stop();
    },
  };
}

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { startLocalNats, startLocalRedis, type LocalService } from '@hourglass/platform';
import { ClickHouseHttpServer } from './clickhouse-http-server';
import { ensureBuilt, ServeProcess, tail } from './serve-process';

export const SHARED_STORE_TOKEN = 'shared-store-test-token-0123456789';

/**
 * What several Hourglass processes share in the scaled-out topology, on loopback: a ClickHouse
 * server (the test server), NATS, Redis, and one tokens file of hashes every app reads, as in
 * production. `spawn` starts a module app (apps/<name>) on them and waits until it is ready.
 */
export class SharedStore {
  private constructor(
    readonly clickhouse: ClickHouseHttpServer,
    readonly nats: LocalService,
    readonly redis: LocalService,
    readonly nc: NatsConnection,
    readonly dir: string,
    readonly env: Record<string, string>,
  ) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<SharedStore> {
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-shared-'));
    const [clickhouse, nats, redis] = await Promise.all([ClickHouseHttpServer.start(), startLocalNats(), startLocalRedis()]);
    const nc = await connect({ servers: nats.url });
    const tokensFile = path.join(dir, 'tokens.json');
    fs.writeFileSync(tokensFile, JSON.stringify([{ name: 'tests', role: 'admin', sha256: createHash('sha256').update(SHARED_STORE_TOKEN).digest('hex') }]));
    const env = {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      CLICKHOUSE_URL: clickhouse.url,
      HOURGLASS_DATA_DIR: dir,
      HOURGLASS_API_TOKENS_FILE: tokensFile,
      HOURGLASS_API_TOKEN: SHARED_STORE_TOKEN,
      HOURGLASS_LOG_FORMAT: 'json',
      ...extraEnv,
    };
    return new SharedStore(clickhouse, nats, redis, nc, dir, env);
  }

  logFile(name: string): string {
    return path.join(this.dir, `${name}.log`);
  }

  async spawn(app: string, logName = app): Promise<ServeProcess> {
    const started = await ServeProcess.spawn(this.env, this.logFile(logName), app);
    await started.ready(90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${tail(this.logFile(logName), 30)}`);
    });
    return started;
  }

  async stop(): Promise<void> {
    await this.nc.close();
    await Promise.all([this.clickhouse.stop(), this.nats.stop(), this.redis.stop()]);
  }
}

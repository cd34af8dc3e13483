import Redis, { type RedisOptions } from 'ioredis';
import { DomainError } from '@hourglass/contracts';

export type { Redis };

/** Redis did not answer: an operating error, retried by whoever starts the process again. */
export class RedisUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** Where Redis is: one server, or the sentinels that know which server is the primary. */
export interface RedisTarget {
  url: string;
  keyPrefix: string;
  sentinels?: Array<{ host: string; port: number }> | null;
  sentinelMaster?: string;
  /** Replicas that must confirm a claim or a lease before it counts (WAIT); 0: none. */
  waitReplicas?: number;
}

const WAITS = new WeakMap<Redis, number>();
const WAIT_TIMEOUT_MS = 2_000;

/** The replicas `client` was configured to wait for (0 for a client this factory did not make). */
export function replicasToWait(client: Redis): number {
  return WAITS.get(client) ?? 0;
}

/**
 * Waits until `replicas` replicas hold every write this connection made. Replication is asynchronous:
 * without this, a dedup claim or a lease written just before the primary dies is gone on the replica
 * that Sentinel promotes, and a resend would be accepted again (or a second holder would get a lease
 * token the first one still holds). Throws when too few confirm in time, so the caller retries.
 */
export async function waitForReplicas(client: Redis, replicas: number, what: string): Promise<void> {
  if (replicas <= 0) return;
  const confirmed = await client.wait(replicas, WAIT_TIMEOUT_MS);
  if (confirmed < replicas) {
    throw new RedisUnavailableError(`${what}: ${confirmed} of ${replicas} Redis replicas confirmed within ${WAIT_TIMEOUT_MS} ms (HOURGLASS_REDIS_WAIT_REPLICAS); it will be retried`);
  }
}

/** Keys are prefixed so several deployments, and tests, share one server without touching each other. */
export function createRedis(target: RedisTarget): Redis {
  const options = {
    keyPrefix: target.keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 20,
    enableAutoPipelining: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
  const client = target.sentinels ? sentinelClient(target, options) : new Redis(target.url, options);
  WAITS.set(client, target.waitReplicas ?? 0);
  return client;
}

function sentinelClient(target: RedisTarget, options: RedisOptions): Redis {
  const url = new URL(target.url);
  return new Redis({
    ...options,
    sentinels: target.sentinels ?? [],
    name: target.sentinelMaster ?? 'hourglass',
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number(url.pathname.slice(1)) || 0,
    // A primary that became a replica answers writes with READONLY: reconnect, and ask the sentinels again.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    sentinelRetryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  });
}

export async function connectRedis(target: RedisTarget): Promise<Redis> {
  const redis = createRedis(target);
  const where = target.sentinels ? `the primary of ${target.sentinelMaster ?? 'hourglass'} (sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')})` : target.url;
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Redis is not reachable at ${where} (${(error as Error).message}): start it with 'redis-server', or set REDIS_URL (or REDIS_SENTINELS)`,
    );
  }
  return redis;
}

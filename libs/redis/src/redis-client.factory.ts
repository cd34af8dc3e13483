import Redis from 'ioredis';
import { DomainError } from '@hourglass/contracts';

export type { Redis };

/** Redis did not answer: an operating error, retried by whoever starts the process again. */
export class RedisUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** Keys are prefixed so several deployments, and tests, share one server without touching each other. */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    maxRetriesPerRequest: 20,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

export async function connectRedis(url: string, keyPrefix: string): Promise<Redis> {
  const redis = createRedis(url, keyPrefix);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Redis is not reachable at ${url} (${(error as Error).message}): start it with 'redis-server', or set REDIS_URL`,
    );
  }
  return redis;
}

import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';

/**
 * One log line when a dependency is lost and one when it is back, not one per retry: what an operator
 * reading the log of an outage wants to see.
 */
export function watchNats(nc: NatsConnection, logger = new Logger('NATS')): void {
  void (async () => {
    let lost = false;
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' && !lost) {
        lost = true;
        logger.warn(`lost the connection to NATS (${String(status.data)}); reconnecting, ingest is paused`);
      } else if (status.type === 'reconnect') {
        lost = false;
        logger.log(`NATS is back (${String(status.data)}); ingest resumes`);
      }
    }
  })().catch(() => undefined);
}

export function watchRedis(redis: RedisClient, logger = new Logger('Redis')): void {
  let lost = false;
  redis.on('close', () => {
    if (lost || redis.status === 'end') return;
    lost = true;
    logger.warn('lost the connection to Redis; retrying, work that needs it waits');
  });
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger.log('Redis is back');
  });
  // Without a listener ioredis prints every failed retry; the two lines above say it once.
  redis.on('error', () => undefined);
}

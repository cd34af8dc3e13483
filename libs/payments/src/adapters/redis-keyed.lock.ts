import type { RedisClient } from '@hourglass/redis';
import { PaymentsError } from '../domain';
import type { KeyedLock } from '../ports';

/**
 * A short Redis lease per key. The work under it is a few reads and one insert; the lease outlives
 * that by far, and the compare-and-delete release never frees a lease another holder took after ours
 * expired. Bounded wait: a key held past `waitMsMax` is an operating error, not a queue.
 */
export class RedisKeyedLock implements KeyedLock {
  private seq = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly owner: string,
    private readonly leaseMs = 15_000,
    private readonly waitMsMax = 20_000,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const name = `lock:${key}`;
    const token = `${this.owner}:${++this.seq}`;
    const deadline = performance.now() + this.waitMsMax;
    while ((await this.redis.set(name, token, 'PX', this.leaseMs, 'NX')) !== 'OK') {
      if (performance.now() > deadline) throw new PaymentsError('provider_error', `lock ${key} is busy`);
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      return await work();
    } finally {
      await this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, name, token);
    }
  }
}

import type Redis from 'ioredis';
import type { BillingLock } from '../ports';

/**
 * A lease with a fencing token: the token only grows, so a run that stalled past its lease and woke up
 * can tell it is no longer the holder (holds() is false) before it writes.
 */
export class RedisBillingLock implements BillingLock {
  constructor(private readonly redis: Redis) {}

  async acquire(name: string, leaseMs: number): Promise<number | null> {
    const token = await this.redis.incr(`lock:${name}:fence`);
    const ok = await this.redis.set(`lock:${name}`, String(token), 'PX', leaseMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async holds(name: string, token: number): Promise<boolean> {
    return (await this.redis.get(`lock:${name}`)) === String(token);
  }

  async renew(name: string, token: number, leaseMs: number): Promise<boolean> {
    // Compare-and-extend in one step: extending a lease another holder has taken would let two runs write.
    const extended = await this.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
      1,
      `lock:${name}`,
      String(token),
      String(leaseMs),
    );
    return Number(extended) === 1;
  }

  async release(name: string, token: number): Promise<void> {
    // Compare-and-delete in one step: never release a lease someone else took over.
    await this.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
      1,
      `lock:${name}`,
      String(token),
    );
  }
}

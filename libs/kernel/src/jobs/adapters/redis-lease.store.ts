import { replicasToWait, waitForReplicas, type RedisClient } from '@hourglass/redis';
import type { LeaseStore } from '../ports';

// Compare-and-extend in one step: extending a lease another holder has taken would let two write.
const RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
// Compare-and-delete in one step: never release a lease someone else took over.
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * `lock:<name>` holds the current fencing token, with the lease as its expiry; `lock:<name>:fence`
 * counts acquisitions (INCR), so tokens only grow, across holders and restarts. An attempt that finds
 * the lease taken still uses up a number: tokens are increasing, not consecutive.
 */
export class RedisLeaseStore implements LeaseStore {
  constructor(private readonly redis: RedisClient) {}

  async acquire(name: string, leaseMs: number): Promise<number | null> {
    const token = await this.redis.incr(`lock:${name}:fence`);
    const ok = await this.redis.set(`lock:${name}`, String(token), 'PX', leaseMs, 'NX');
    if (ok !== 'OK') return null;
    // The counter and the lease on the replicas before the work starts: a promoted replica that lost
    // them would hand the next holder this same token.
    await waitForReplicas(this.redis, replicasToWait(this.redis), `lease ${name}`);
    return token;
  }

  async holds(name: string, token: number): Promise<boolean> {
    return (await this.redis.get(`lock:${name}`)) === String(token);
  }

  async renew(name: string, token: number, leaseMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, `lock:${name}`, String(token), String(leaseMs))) === 1;
  }

  async release(name: string, token: number): Promise<void> {
    await this.redis.eval(RELEASE, 1, `lock:${name}`, String(token));
  }
}

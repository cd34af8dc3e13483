import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { RatingLease } from '../ports';

const KEY = 'lock:rating-job';

/*
 * Take the lease when free, or extend it when it is ours, in one step. The lease is many ticks
 * long, so an instance that holds it keeps it by ticking; one that dies frees it within leaseMs.
 */
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * One rating job across replicas. Two jobs at once would each take max(rating_seq) + 1 and write
 * different ratings of a cell under the same sequence, which the rated_usage view would add up.
 */
export class RedisRatingLease implements RatingLease {
  private readonly holder = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly leaseMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.eval(ACQUIRE, 1, KEY, this.holder, String(this.leaseMs))) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, KEY, this.holder);
  }
}

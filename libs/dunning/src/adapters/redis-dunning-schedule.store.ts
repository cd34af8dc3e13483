import type { RedisClient } from '@hourglass/redis';
import type { DunningCase } from '../domain';
import type { DunningScheduleStore } from '../ports';

// One hash tag for both: a MULTI's keys must share a hash slot on a Redis Cluster (CROSSSLOT otherwise).
// Renamed from `dunning:cases` / `dunning:due` for that; the schedule is rebuilt from facts on the
// next tick (DunningService), so an upgrade that starts from an empty schedule loses nothing.
const CASES = 'dunning:{schedule}:cases';
const DUE = 'dunning:{schedule}:due';

/**
 * `dunning:{schedule}:cases` (hash: invoice → case JSON) and `dunning:{schedule}:due` (sorted set:
 * invoice by the epoch ms of its next retry). Both change in one MULTI, so no reader sees a case due
 * that is not stored or the reverse. The client's key prefix (HOURGLASS_REDIS_PREFIX) namespaces them
 * per deployment and test.
 */
export class RedisDunningScheduleStore implements DunningScheduleStore {
  constructor(private readonly redis: RedisClient) {}

  async add(c: DunningCase): Promise<boolean> {
    const [[, added]] = (await this.redis
      .multi()
      .hsetnx(CASES, c.invoiceId, JSON.stringify(c))
      .exec()) as [[Error | null, number]];
    if (added === 1 && c.nextAttemptAtMs !== null) await this.redis.zadd(DUE, 'NX', c.nextAttemptAtMs, c.invoiceId);
    return added === 1;
  }

  async get(invoiceId: string): Promise<DunningCase | null> {
    const raw = await this.redis.hget(CASES, invoiceId);
    return raw === null ? null : (JSON.parse(raw) as DunningCase);
  }

  async put(c: DunningCase): Promise<void> {
    const tx = this.redis.multi().hset(CASES, c.invoiceId, JSON.stringify(c));
    if (c.nextAttemptAtMs === null) tx.zrem(DUE, c.invoiceId);
    else tx.zadd(DUE, c.nextAttemptAtMs, c.invoiceId);
    await tx.exec();
  }

  async remove(invoiceId: string): Promise<void> {
    await this.redis.multi().hdel(CASES, invoiceId).zrem(DUE, invoiceId).exec();
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(DUE, '-inf', nowMs, 'LIMIT', 0, limit);
  }

  async cases(limit: number): Promise<DunningCase[]> {
    const out: DunningCase[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(CASES, cursor, 'COUNT', 500);
      for (let i = 1; i < flat.length && out.length < limit; i += 2) out.push(JSON.parse(flat[i]!) as DunningCase);
      cursor = next;
    } while (cursor !== '0' && out.length < limit);
    // HSCAN may return a field twice while the hash is rehashed.
    return [...new Map(out.map((c) => [c.invoiceId, c])).values()];
  }
}

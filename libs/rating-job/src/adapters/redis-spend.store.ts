import type { RedisClient } from '@hourglass/redis';
import type { SpendEntry, SpendStore } from '../ports';

/** Spend of past months stays readable this long after its last update; ClickHouse keeps it forever. */
const SPEND_TTL_SECONDS = 400 * 86_400;

/*
 * Write only when no newer rating has been written: a tick that stalled behind a newer one (a lost
 * lease) must not put back an older figure. Equal sequences overwrite, so a retried tick and a
 * credit-limit re-check rewrite the same key.
 */
const WRITE_IF_NOT_OLDER = `
local current = redis.call('HGET', KEYS[1], 'ratingSeq')
if current and tonumber(current) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'amount', ARGV[1], 'currency', ARGV[2], 'ratingSeq', ARGV[3], 'updatedAt', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1`;

/** `spend:<customerId>:<YYYY-MM>`: a hash of amount (exact decimal), currency, ratingSeq, updatedAt (ms). */
export function spendKey(customerId: string, period: string): string {
  return `spend:${customerId}:${period}`;
}

export class RedisSpendStore implements SpendStore {
  constructor(private readonly redis: RedisClient) {}

  async write(entries: readonly SpendEntry[]): Promise<void> {
    // One call per entry, not one pipeline: a Redis Cluster refuses a pipeline whose keys live on
    // several masters, and every customer's key has its own slot. The calls do not wait for each
    // other (on one server, auto-pipelining sends them in one write).
    await Promise.all(
      entries.map((e) =>
        this.redis.eval(WRITE_IF_NOT_OLDER, 1, spendKey(e.customerId, e.period), e.amount, e.currency, String(e.ratingSeq), String(e.updatedAtMs), String(SPEND_TTL_SECONDS)),
      ),
    );
  }

  async read(customerId: string, period: string): Promise<SpendEntry | null> {
    const h = await this.redis.hgetall(spendKey(customerId, period));
    if (!h.amount || !h.currency) return null;
    return { customerId, period, currency: h.currency, amount: h.amount, ratingSeq: Number(h.ratingSeq ?? 0), updatedAtMs: Number(h.updatedAt ?? 0) };
  }
}

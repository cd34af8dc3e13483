import type Redis from 'ioredis';
import type { DedupStore } from '../ports';

/** Present only while Redis holds every claim; see dedup-recovery.ts. */
export const DEDUP_COMPLETE_KEY = 'dedup:complete';

/**
 * Claims a batch in one script: nothing if the marker is gone (Redis restarted empty and the claims
 * must be rebuilt first), else SET NX GET per key, answering each key's holder: the existing value, or
 * the given sequence when the key was free. KEYS = [marker, ...claims]; ARGV = [ttlSeconds, ...seqs].
 * Atomic, so no claim lands in a Redis that lost the others, and one command instead of one per event
 * (2,000 claims: 17 ms as a pipeline of SETs, 7 ms as this script; the difference is mostly the client's
 * per-command objects, on the consumer's one thread).
 * Every key is declared, but they span hash slots: on a Redis Cluster this would need the claims grouped
 * by slot.
 */
const CLAIM_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local ttl = tonumber(ARGV[1])
local holders = {}
for i = 2, #KEYS do
  local held
  if ttl > 0 then held = redis.call('SET', KEYS[i], ARGV[i], 'EX', ttl, 'NX', 'GET')
  else held = redis.call('SET', KEYS[i], ARGV[i], 'NX', 'GET') end
  holders[i - 1] = held or ARGV[i]
end
return holders`;

type ClaimCommand = (keyCount: number, ...keysThenArgs: string[]) => Promise<string[] | null>;

/**
 * Claim calls remembered for a rebuild. The consumer claims a batch while earlier batches are still
 * being written; if Redis loses its data then, the rebuild from ClickHouse misses those batches'
 * claims, so they are put back after it. One call per batch: this must be at least the batches a
 * consumer holds at once (HOURGLASS_BATCHES_IN_FLIGHT, at most 8).
 */
const RECENT_CLAIMS_MAX = 8;

export class RedisDedupStore implements DedupStore {
  private readonly claimScript: ClaimCommand;
  private readonly recent: Array<{ keys: string[]; holders: string[] }> = [];
  /** One rebuild at a time: calls in flight together all find the marker gone. */
  private recovering: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    /** Rebuilds the claims from the durable record when Redis has lost them. */
    private readonly recover: () => Promise<unknown>,
  ) {
    // defineCommand runs EVALSHA (falling back to EVAL once) and applies the client's key prefix to KEYS.
    if (!(redis as unknown as Record<string, unknown>).hourglassDedupClaim) redis.defineCommand('hourglassDedupClaim', { lua: CLAIM_SCRIPT });
    const command = (redis as unknown as { hourglassDedupClaim: ClaimCommand }).hourglassDedupClaim;
    this.claimScript = command.bind(redis);
  }

  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    if (items.length === 0) return [];
    const keys: string[] = new Array(items.length + 1);
    const args: string[] = new Array(items.length + 1);
    keys[0] = DEDUP_COMPLETE_KEY;
    args[0] = String(this.ttlSeconds);
    for (let i = 0; i < items.length; i++) {
      keys[i + 1] = `dedup:${items[i]!.key}`;
      args[i + 1] = String(items[i]!.seq);
    }
    for (let attempt = 0; ; attempt++) {
      const holders = await this.claimScript(keys.length, ...keys, ...args);
      if (holders === null) {
        if (attempt > 0) throw new Error('Redis lost the dedup claims again while they were being rebuilt');
        // The marker is checked in the same script as the claims: a Redis that restarted empty a
        // moment ago must not answer "free" for a pair that ClickHouse already holds.
        this.recovering ??= (async () => {
          await this.recover();
          await this.restoreRecent();
        })().finally(() => (this.recovering = null));
        await this.recovering;
        continue;
      }
      if (holders.length !== items.length) throw new Error(`dedup claim answered ${holders.length} holders for ${items.length} keys`);
      this.recent.push({ keys: keys.slice(1), holders });
      if (this.recent.length > RECENT_CLAIMS_MAX) this.recent.shift();
      return holders.map(Number);
    }
  }

  /**
   * NX: where ClickHouse already named the first sequence of a pair, the rebuild's answer stands; the
   * remembered holder fills in only pairs whose rows were not written yet when it read ClickHouse.
   */
  private async restoreRecent(): Promise<void> {
    if (this.recent.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { keys, holders } of this.recent) {
      for (let i = 0; i < keys.length; i++) {
        if (this.ttlSeconds > 0) pipeline.set(keys[i]!, holders[i]!, 'EX', this.ttlSeconds, 'NX');
        else pipeline.set(keys[i]!, holders[i]!, 'NX');
      }
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}

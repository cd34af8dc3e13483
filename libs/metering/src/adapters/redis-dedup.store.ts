import type { RedisClient } from '@hourglass/redis';
import { waitForReplicas } from '@hourglass/redis';
import type { DedupStore } from '../ports';

/** Present only while Redis holds every claim; see dedup-recovery.ts. */
export const DEDUP_COMPLETE_KEY = 'dedup:complete';

/**
 * Claims a batch in one script: nothing if the marker is gone (Redis restarted empty and the claims
 * must be rebuilt first), else SET NX GET per key. It answers only the keys that were held already, as
 * pairs (position of the key among the claims, 1-based; its holder), after a first pair (0; the
 * marker's value): every other key now holds the sequence it was given.
 * KEYS = [marker, ...claims]; ARGV = [ttlSeconds, ...seqs, expected marker value or ''].
 * The marker's value names the rebuild that set it. A caller that last saw another value answers
 * {-1, value} and claims nothing: RedisClient lost its claims and another replica rebuilt them since, so
 * this caller's own claims of batches still being written were lost too, and must be put back before
 * anything is judged against them.
 * Atomic, so no claim lands in a Redis that lost the others, and one command instead of one per event
 * (2,000 claims: 17 ms as a pipeline of SETs, 7 ms as this script; the difference is mostly the client's
 * per-command objects, on the consumer's one thread). Answering the held keys only spares the client
 * a reply string per event: in a catch-up nearly every key is free.
 * Every key is declared, but they span hash slots: on a Redis Cluster this would need the claims grouped
 * by slot.
 */
const CLAIM_SCRIPT = `
local epoch = redis.call('GET', KEYS[1])
if not epoch then return false end
local expected = ARGV[#KEYS + 1]
if expected ~= '' and expected ~= epoch then return {-1, epoch} end
local ttl = tonumber(ARGV[1])
local held = {0, epoch}
for i = 2, #KEYS do
  local holder
  if ttl > 0 then holder = redis.call('SET', KEYS[i], ARGV[i], 'EX', ttl, 'NX', 'GET')
  else holder = redis.call('SET', KEYS[i], ARGV[i], 'NX', 'GET') end
  if holder then
    held[#held + 1] = i - 1
    held[#held + 1] = holder
  end
end
return held`;

type ClaimCommand = (keyCount: number, ...keysThenArgs: string[]) => Promise<Array<number | string> | null>;

/**
 * Claim calls remembered for a rebuild. The consumer claims a batch while earlier batches are still
 * being written; if Redis loses its data then, the rebuild from ClickHouse misses those batches'
 * claims, so they are put back after it. One call per batch: this must be at least the batches a
 * consumer holds at once (HOURGLASS_BATCHES_IN_FLIGHT, at most 8).
 */
const RECENT_CLAIMS_MAX = 8;

export class RedisDedupStore implements DedupStore {
  private readonly claimScript: ClaimCommand;
  private readonly recent: Array<{ keys: string[]; holders: number[] }> = [];
  /** One rebuild at a time: calls in flight together all find the marker gone. */
  private recovering: Promise<void> | null = null;
  /** The marker value (the rebuild) this store's claims were made under; '' before the first claim. */
  private epoch = '';

  constructor(
    private readonly redis: RedisClient,
    private readonly ttlSeconds: number,
    /** Rebuilds the claims from the durable record when Redis has lost them. */
    private readonly recover: () => Promise<unknown>,
    /** Replicas that must hold a batch's claims before its outcomes are written (see waitForReplicas). */
    private readonly waitReplicas = 0,
  ) {
    // defineCommand runs EVALSHA (falling back to EVAL once) and applies the client's key prefix to KEYS.
    if (!(redis as unknown as Record<string, unknown>).hourglassDedupClaimHeld) redis.defineCommand('hourglassDedupClaimHeld', { lua: CLAIM_SCRIPT });
    const command = (redis as unknown as { hourglassDedupClaimHeld: ClaimCommand }).hourglassDedupClaimHeld;
    this.claimScript = command.bind(redis);
  }

  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    if (items.length === 0) return [];
    const keys: string[] = new Array(items.length + 1);
    const args: string[] = new Array(items.length + 2);
    keys[0] = DEDUP_COMPLETE_KEY;
    args[0] = String(this.ttlSeconds);
    for (let i = 0; i < items.length; i++) {
      keys[i + 1] = `dedup:${items[i]!.key}`;
      args[i + 1] = String(items[i]!.seq);
    }
    for (let attempt = 0; ; attempt++) {
      args[items.length + 1] = this.epoch;
      const held = await this.claimScript(keys.length, ...keys, ...args);
      if (held === null) {
        if (attempt > 2) throw new Error('Redis lost the dedup claims again while they were being rebuilt');
        // The marker is checked in the same script as the claims: a Redis that restarted empty a
        // moment ago must not answer "free" for a pair that ClickHouse already holds.
        this.recovering ??= (async () => {
          await this.recover();
          await this.restoreRecent();
          this.epoch = '';
        })().finally(() => (this.recovering = null));
        await this.recovering;
        continue;
      }
      if (Number(held[0]) === -1) {
        // Another replica rebuilt the claims since this one last claimed: put back the claims of this
        // one's batches still in flight, which that rebuild could not read from ClickHouse.
        if (attempt > 2) throw new Error('the dedup claims were rebuilt again while this replica restored its own');
        await this.restoreRecent();
        this.epoch = String(held[1]);
        continue;
      }
      this.epoch = String(held[1]);
      const holders: number[] = new Array<number>(items.length);
      for (let i = 0; i < items.length; i++) holders[i] = items[i]!.seq;
      for (let p = 2; p + 1 < held.length; p += 2) {
        const position = Number(held[p]);
        if (!(position >= 1 && position <= items.length)) throw new Error(`dedup claim answered position ${held[p]} for ${items.length} keys`);
        holders[position - 1] = Number(held[p + 1]);
      }
      await waitForReplicas(this.redis, this.waitReplicas, 'dedup claims');
      this.recent.push({ keys: keys.slice(1), holders });
      if (this.recent.length > RECENT_CLAIMS_MAX) this.recent.shift();
      return holders;
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
        if (this.ttlSeconds > 0) pipeline.set(keys[i]!, String(holders[i]!), 'EX', this.ttlSeconds, 'NX');
        else pipeline.set(keys[i]!, String(holders[i]!), 'NX');
      }
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}

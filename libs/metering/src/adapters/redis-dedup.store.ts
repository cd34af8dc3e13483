import { createHash } from 'node:crypto';
import { waitForReplicas, type RedisClient } from '@hourglass/redis';
import type { DedupStore } from '../ports';
import { DEDUP_BUCKETS, dedupBucket, dedupClaimKey, dedupCompleteKey } from './dedup-buckets';

/**
 * Claims one bucket's share of a batch in one script: nothing if the bucket's marker is gone (Redis
 * lost it, with the bucket's claims: they must be rebuilt first), else SET NX GET per key. It answers
 * only the keys that were held already, as pairs (position of the key among the claims, 1-based; its
 * holder), after a first pair (0; the marker's value): every other key now holds the sequence it was given.
 * KEYS = [the bucket's marker, ...its claims]; ARGV = [ttlSeconds, ...seqs, expected marker value or ''].
 * Every key carries the bucket's hash tag (dedup-buckets.ts), so on a Redis Cluster they share a slot.
 * The marker's value names the rebuild that set it. A caller that last saw another value answers
 * {-1, value} and claims nothing: the bucket's claims were lost and another replica rebuilt them since,
 * so this caller's own claims of batches still being written were lost too, and must be put back
 * before anything is judged against them.
 * Atomic, so no claim lands in a bucket that lost the others, and one command per bucket instead of one
 * per event (2,000 claims: 17 ms as a pipeline of SETs, 7 ms as one script; the difference is mostly
 * the client's per-command objects, on the consumer's one thread). Answering the held keys only spares
 * the client a reply string per event: in a catch-up nearly every key is free.
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

const CLAIM_SCRIPT_SHA = createHash('sha1').update(CLAIM_SCRIPT).digest('hex');

type ClaimAnswer = Array<number | string> | null;

/** One bucket's share of a batch: where its items are in the batch, and the script's keys and arguments. */
interface BucketClaims {
  bucket: number;
  positions: number[];
  /** [marker, ...claim keys] */
  keys: string[];
  /** [ttl, ...seqs, expected epoch (set per attempt)] */
  args: string[];
}

/** A batch's claims as they stood once answered, for restoreRecent. */
interface RememberedClaims {
  bucket: number;
  /** The script's KEYS: the bucket's marker, then its claims. */
  keys: string[];
  /** Where each key's item is in the batch, and so its holder in `holders`. */
  positions: number[];
  holders: number[];
}

/**
 * Claim calls remembered for a rebuild. The consumer claims a batch while earlier batches are still
 * being written; if Redis loses its data then, the rebuild from ClickHouse misses those batches'
 * claims, so they are put back after it. One entry per batch: this must be at least the batches a
 * consumer holds at once (HOURGLASS_BATCHES_IN_FLIGHT, at most 8).
 */
const RECENT_CLAIMS_MAX = 8;

export class RedisDedupStore implements DedupStore {
  private readonly recent: RememberedClaims[][] = [];
  /** One rebuild at a time: calls in flight together all find the markers gone. */
  private recovering: Promise<void> | null = null;
  /** Per bucket, the marker value (the rebuild) this store's claims were made under; '' before the first claim. */
  private readonly epochs: string[] = new Array<string>(DEDUP_BUCKETS).fill('');

  constructor(
    private readonly redis: RedisClient,
    private readonly ttlSeconds: number,
    /** Rebuilds the claims of every bucket whose marker is gone from the durable record. */
    private readonly recover: () => Promise<unknown>,
    /** Replicas that must hold a batch's claims before its outcomes are written (see waitForReplicas). */
    private readonly waitReplicas = 0,
  ) {}

  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    if (items.length === 0) return [];
    const groups = this.byBucket(items);
    const holders: number[] = new Array<number>(items.length);
    let pending = groups;
    for (let attempt = 0; pending.length > 0; attempt++) {
      // All buckets at once: on one server auto-pipelining sends the calls in one write; on a Cluster
      // each goes to its master without waiting for the others.
      const answers = await Promise.all(pending.map((g) => this.claimBucket(g)));
      const lost: BucketClaims[] = [];
      const rebuiltElsewhere: BucketClaims[] = [];
      answers.forEach((held, i) => {
        const group = pending[i]!;
        if (held === null) lost.push(group);
        else if (Number(held[0]) === -1) {
          rebuiltElsewhere.push(group);
          this.epochs[group.bucket] = String(held[1]);
        } else {
          this.epochs[group.bucket] = String(held[1]);
          this.fill(group, held, holders, items);
        }
      });
      if (lost.length > 0) {
        if (attempt > 2) throw new Error('Redis lost the dedup claims again while they were being rebuilt');
        // The marker is checked in the same script as the claims: a bucket whose master restarted
        // empty a moment ago must not answer "free" for a pair that ClickHouse already holds.
        await this.rebuild(lost.map((g) => g.bucket));
      }
      if (rebuiltElsewhere.length > 0) {
        // Another replica rebuilt these buckets since this one last claimed in them: put back the claims
        // of this one's batches still in flight, which that rebuild could not read from ClickHouse. The
        // new epoch was taken above, before the restore: a further rebuild after it is seen again.
        if (attempt > 2) throw new Error('the dedup claims were rebuilt again while this replica restored its own');
        await this.restoreRecent(new Set(rebuiltElsewhere.map((g) => g.bucket)));
      }
      pending = [...lost, ...rebuiltElsewhere];
    }
    await waitForReplicas(this.redis, this.waitReplicas, 'dedup claims');
    // Kept as they are (numbers, shared arrays): strings made per claim for a rare restore cost the
    // garbage collector more than the restore ever saves.
    this.recent.push(groups.map((g) => ({ bucket: g.bucket, keys: g.keys, positions: g.positions, holders })));
    if (this.recent.length > RECENT_CLAIMS_MAX) this.recent.shift();
    return holders.slice();
  }

  private byBucket(items: ReadonlyArray<{ key: string; seq: number }>): BucketClaims[] {
    const groups: Array<BucketClaims | undefined> = new Array<BucketClaims | undefined>(DEDUP_BUCKETS);
    const ttl = String(this.ttlSeconds);
    for (let i = 0; i < items.length; i++) {
      const { key, seq } = items[i]!;
      const bucket = dedupBucket(key);
      const group = (groups[bucket] ??= { bucket, positions: [], keys: [dedupCompleteKey(bucket)], args: [ttl] });
      group.positions.push(i);
      group.keys.push(dedupClaimKey(bucket, key));
      group.args.push(String(seq));
    }
    const present = groups.filter((g): g is BucketClaims => g !== undefined);
    for (const g of present) g.args.push('');
    return present;
  }

  /**
   * EVALSHA, and EVAL once where the server does not know the script yet (a new or restarted server,
   * or master). Not a defineCommand: ioredis's auto-pipelining routes a custom command on a Cluster by
   * its first argument, here the key count, and would put calls for different masters in one pipeline;
   * EVALSHA is routed by its first key. The client's key prefix applies to KEYS either way.
   */
  private async claimBucket(group: BucketClaims): Promise<ClaimAnswer> {
    group.args[group.args.length - 1] = this.epochs[group.bucket]!;
    try {
      return (await this.redis.evalsha(CLAIM_SCRIPT_SHA, group.keys.length, ...group.keys, ...group.args)) as ClaimAnswer;
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return (await this.redis.eval(CLAIM_SCRIPT, group.keys.length, ...group.keys, ...group.args)) as ClaimAnswer;
    }
  }

  private fill(group: BucketClaims, held: Array<number | string>, holders: number[], items: ReadonlyArray<{ seq: number }>): void {
    for (const p of group.positions) holders[p] = items[p]!.seq;
    for (let h = 2; h + 1 < held.length; h += 2) {
      const position = Number(held[h]);
      if (!(position >= 1 && position <= group.positions.length)) throw new Error(`dedup claim answered position ${held[h]} for ${group.positions.length} keys`);
      holders[group.positions[position - 1]!] = Number(held[h + 1]);
    }
  }

  /**
   * Rebuilds from ClickHouse (every bucket found without its marker), then puts back this replica's
   * in-flight claims of every bucket: the rebuild may have been another call's, for other buckets,
   * and restoring is harmless where nothing was lost (NX). The buckets this call found lost start
   * again from no expected epoch: their claims were just restored under whatever rebuild set the marker.
   */
  private async rebuild(buckets: number[]): Promise<void> {
    this.recovering ??= (async () => {
      await this.recover();
      await this.restoreRecent(null);
    })().finally(() => (this.recovering = null));
    await this.recovering;
    for (const b of buckets) this.epochs[b] = '';
  }

  /**
   * NX: where ClickHouse already named the first sequence of a pair, the rebuild's answer stands; the
   * remembered holder fills in only pairs whose rows were not written yet when it read ClickHouse.
   * One pipeline per bucket: a Cluster runs a pipeline only when its keys share a slot.
   */
  private async restoreRecent(buckets: ReadonlySet<number> | null): Promise<void> {
    const byBucket = new Map<number, RememberedClaims[]>();
    for (const batch of this.recent) {
      for (const claims of batch) {
        if (buckets && !buckets.has(claims.bucket)) continue;
        const list = byBucket.get(claims.bucket) ?? [];
        list.push(claims);
        byBucket.set(claims.bucket, list);
      }
    }
    await Promise.all(
      [...byBucket.values()].map(async (list) => {
        const pipeline = this.redis.pipeline();
        for (const { keys, positions, holders } of list) {
          // keys[0] is the bucket's marker: only the rebuild sets it.
          for (let i = 1; i < keys.length; i++) {
            const holder = String(holders[positions[i - 1]!]);
            if (this.ttlSeconds > 0) pipeline.set(keys[i]!, holder, 'EX', this.ttlSeconds, 'NX');
            else pipeline.set(keys[i]!, holder, 'NX');
          }
        }
        for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
      }),
    );
  }
}

import type { RedisClient } from '@hourglass/redis';

/**
 * The dedup claims are split into a fixed number of buckets by a hash of the (source, id) key, and
 * every key of a bucket carries the bucket as its hash tag: `dedup:{b07}:<source>|<id>` and the
 * bucket's own marker `dedup:complete:{b07}`. A Redis Cluster keeps a hash slot on one master, so a
 * bucket's claims and its marker are always in one slot: the claim script may touch them together
 * (a script's keys must share a slot), and a master that loses its data loses a bucket's marker with
 * its claims, never the claims alone. On one server the tags mean nothing and cost nothing.
 * 16: each master of a Cluster of up to a few masters gets some buckets, and a 10,000-event batch is
 * 16 script calls of ~625 keys (pipelined together) instead of one. Changing the count moves every key:
 * it needs a rebuild, like any change of the names below (they are new in this layout, so the first
 * start after the upgrade finds no marker and rebuilds from ClickHouse).
 */
export const DEDUP_BUCKETS = 16;

const TAGS = Array.from({ length: DEDUP_BUCKETS }, (_, b) => `{b${String(b).padStart(2, '0')}}`);

/**
 * FNV-1a over the UTF-16 code units, then murmur3's finalizer (FNV's low bits alone, which the modulo
 * keeps, spread keys that differ only at the end unevenly). Fast, and stable across processes and
 * versions: a key's bucket must never change without a rebuild.
 */
export function dedupBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % DEDUP_BUCKETS;
}

/** The claim of `key` (`<source>|<id>`): its value is the first sequence that carried the pair. */
export function dedupClaimKey(bucket: number, key: string): string {
  return `dedup:${TAGS[bucket]}:${key}`;
}

/** Present only while the bucket's slot holds every claim of the bucket; see dedup-recovery.ts. */
export function dedupCompleteKey(bucket: number): string {
  return `dedup:complete:${TAGS[bucket]}`;
}

export const ALL_DEDUP_BUCKETS: readonly number[] = Array.from({ length: DEDUP_BUCKETS }, (_, b) => b);

/**
 * Declares `buckets` complete under the rebuild `epoch`. One SET a bucket (each marker has its own
 * slot); after every claim of those buckets is back, never before.
 */
export async function markDedupClaimsComplete(redis: RedisClient, epoch: string, buckets: readonly number[] = ALL_DEDUP_BUCKETS): Promise<void> {
  await Promise.all(buckets.map((b) => redis.set(dedupCompleteKey(b), epoch)));
}

/** The buckets whose marker is gone: their claims must be rebuilt before any is judged against. */
export async function lostDedupBuckets(redis: RedisClient): Promise<number[]> {
  const present = await Promise.all(ALL_DEDUP_BUCKETS.map((b) => redis.exists(dedupCompleteKey(b))));
  return ALL_DEDUP_BUCKETS.filter((b) => present[b] !== 1);
}

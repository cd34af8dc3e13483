import { DEDUP_BUCKETS, dedupBucket, dedupClaimKey, dedupCompleteKey } from './dedup-buckets';

/** The part of a key Redis Cluster hashes: the first `{…}` with something inside. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Pinned: a key that moved to another bucket would be judged against claims that are not there. */
const GOLDEN = [9, 12, 5, 11];

describe('dedup buckets', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `agent://node-${i % 211}|evt-${i}`);

  it('puts a claim and its bucket’s marker under one hash tag, whatever the event key holds', () => {
    for (const key of [...keys.slice(0, 100), 'agent://n1|{b03}', 'src|}{']) {
      const bucket = dedupBucket(key);
      expect(hashTag(dedupClaimKey(bucket, key))).toBe(hashTag(dedupCompleteKey(bucket)));
    }
  });

  it('gives every bucket its own tag', () => {
    const tags = new Set(Array.from({ length: DEDUP_BUCKETS }, (_, b) => hashTag(dedupCompleteKey(b))));
    expect(tags.size).toBe(DEDUP_BUCKETS);
  });

  it('answers the same bucket for a key every time, and spreads keys evenly', () => {
    const counts = new Array<number>(DEDUP_BUCKETS).fill(0);
    for (const key of keys) counts[dedupBucket(key)]!++;
    expect(keys.slice(0, 1_000).every((key) => dedupBucket(key) === dedupBucket(key))).toBe(true);
    // 20,000 keys over 16 buckets: 1,250 each on average, σ ≈ 34; ±150 is more than four σ.
    for (const n of counts) expect(Math.abs(n - 1_250)).toBeLessThan(150);
  });

  it('keeps the bucket of a key fixed across versions (a change would need a rebuild)', () => {
    expect(['agent://node-1|evt-1', 'k|1', 'k|2', ''].map(dedupBucket)).toEqual(GOLDEN);
  });
});

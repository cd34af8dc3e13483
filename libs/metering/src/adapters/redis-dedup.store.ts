import type Redis from 'ioredis';
import type { DedupStore } from '../ports';

/** Present only while Redis holds every claim; see dedup-recovery.ts. */
export const DEDUP_COMPLETE_KEY = 'dedup:complete';

export class RedisDedupStore implements DedupStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    /** Rebuilds the claims from the durable record when Redis has lost them. */
    private readonly recover: () => Promise<unknown>,
  ) {}

  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    if (items.length === 0) return [];
    for (let attempt = 0; ; attempt++) {
      const pipeline = this.redis.pipeline();
      // Checked in the same pipeline as the claims: a Redis that restarted empty a moment ago must
      // not answer "free" for a pair that ClickHouse already holds.
      pipeline.exists(DEDUP_COMPLETE_KEY);
      for (const { key, seq } of items) {
        // SET NX GET answers the holder in the same round trip that claims a free key.
        if (this.ttlSeconds > 0) pipeline.set(`dedup:${key}`, String(seq), 'EX', this.ttlSeconds, 'NX', 'GET');
        else pipeline.set(`dedup:${key}`, String(seq), 'NX', 'GET');
      }
      const replies = (await pipeline.exec()) ?? [];
      const [markerError, marker] = replies[0] ?? [];
      if (markerError) throw markerError;
      if (marker !== 1) {
        if (attempt > 0) throw new Error('Redis lost the dedup claims again while they were being rebuilt');
        // Claims this pipeline just made into the empty Redis are overwritten by the rebuild
        // wherever ClickHouse holds an earlier sequence; the retry then reads the truth.
        await this.recover();
        continue;
      }
      return replies.slice(1).map(([error, value], i) => {
        if (error) throw error;
        return value === null ? items[i]!.seq : Number(value);
      });
    }
  }
}

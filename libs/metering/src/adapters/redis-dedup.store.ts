import type Redis from 'ioredis';
import type { DedupStore } from '../ports';

export class RedisDedupStore implements DedupStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    if (items.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const { key, seq } of items) {
      // SET NX GET answers the holder in the same round trip that claims a free key.
      if (this.ttlSeconds > 0) pipeline.set(`dedup:${key}`, String(seq), 'EX', this.ttlSeconds, 'NX', 'GET');
      else pipeline.set(`dedup:${key}`, String(seq), 'NX', 'GET');
    }
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value], i) => {
      if (error) throw error;
      return value === null ? items[i]!.seq : Number(value);
    });
  }
}

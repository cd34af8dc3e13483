import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { Clock } from '@hourglass/contracts';
import { DEDUP_COMPLETE_KEY } from './redis-dedup.store';

const PAGE_ROWS = 50_000;

/**
 * Redis holds the (source, id) claims, but ClickHouse holds the truth: every identified outcome row
 * names its pair and the first sequence that carried it. When Redis comes back empty (restarted
 * without persistence, flushed, a new server), the claims are rebuilt from ClickHouse before the
 * consumer starts; otherwise an old event resent later would be accepted and billed twice.
 * A marker key says the claims are complete; it is set only after a full rebuild.
 */
export async function recoverDedupClaims(
  redis: RedisClient,
  clickhouse: ClickHouseClient,
  database: string,
  ttlSeconds: number,
  clock: Clock,
  log: (line: string) => void,
): Promise<number> {
  if ((await redis.exists(DEDUP_COMPLETE_KEY)) === 1) return 0;
  const db = '`' + database + '`';
  let restored = 0;
  for (let offset = 0; ; offset += PAGE_ROWS) {
    const result = await clickhouse.query({
      query: `SELECT source, id, min(stream_seq) AS first_seq FROM ${db}.usage_outcomes
              WHERE outcome != 'duplicate' AND reason NOT IN ('malformed_json', 'schema_violation') AND source != ''
              GROUP BY source, id ORDER BY first_seq LIMIT ${PAGE_ROWS} OFFSET ${offset}`,
      format: 'JSONCompactEachRow',
    });
    const rows = await result.json<[string, string, string]>();
    if (rows.length === 0) break;
    const pipeline = redis.pipeline();
    for (const [source, id, firstSeq] of rows) {
      // Overwrite, not NX: a claim made since Redis came back empty may name a later sequence than
      // the one ClickHouse already holds, and ClickHouse's is the truth.
      if (ttlSeconds > 0) pipeline.set(`dedup:${source}|${id}`, firstSeq, 'EX', ttlSeconds);
      else pipeline.set(`dedup:${source}|${id}`, firstSeq);
    }
    await pipeline.exec();
    restored += rows.length;
    if (rows.length < PAGE_ROWS) break;
  }
  // The value names this rebuild: replicas that claimed under an earlier one restore their own
  // in-flight claims when they see it change (redis-dedup.store.ts).
  await redis.set(DEDUP_COMPLETE_KEY, `${clock.nowMs()}-${randomUUID()}`);
  if (restored > 0) log(`rebuilt ${restored} (source, id) claims in Redis from ClickHouse`);
  return restored;
}

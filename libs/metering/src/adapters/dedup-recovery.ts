import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { Clock } from '@hourglass/contracts';
import { DEDUP_BUCKETS, dedupBucket, dedupClaimKey, lostDedupBuckets, markDedupClaimsComplete } from './dedup-buckets';

const PAGE_ROWS = 50_000;

/**
 * Redis holds the (source, id) claims, but ClickHouse holds the truth: every identified outcome row
 * names its pair and the first sequence that carried it. When Redis comes back empty (restarted
 * without persistence, flushed, a new server, or one master of a Cluster restarted empty), the claims
 * are rebuilt from ClickHouse before the consumer starts (and by the claim that finds them gone);
 * otherwise an old event resent later would be accepted and billed twice.
 * Each bucket (dedup-buckets.ts) has a marker that says its claims are complete; it is set only after
 * a full rebuild of the bucket. Only the buckets without one are rebuilt: on a Cluster, those of the
 * master that lost its data. Every write names one key (or a pipeline of one bucket's keys), so no
 * command spans hash slots.
 */
export async function recoverDedupClaims(
  redis: RedisClient,
  clickhouse: ClickHouseClient,
  database: string,
  ttlSeconds: number,
  clock: Clock,
  log: (line: string) => void,
): Promise<number> {
  const lost = await lostDedupBuckets(redis);
  if (lost.length === 0) return 0;
  const rebuilding = new Set(lost);
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
    const pipelines = new Array<ReturnType<RedisClient['pipeline']> | undefined>(DEDUP_BUCKETS);
    for (const [source, id, firstSeq] of rows) {
      const key = `${source}|${id}`;
      const bucket = dedupBucket(key);
      if (!rebuilding.has(bucket)) continue;
      const pipeline = (pipelines[bucket] ??= redis.pipeline());
      // Overwrite, not NX: a claim made since Redis came back empty may name a later sequence than
      // the one ClickHouse already holds, and ClickHouse's is the truth.
      if (ttlSeconds > 0) pipeline.set(dedupClaimKey(bucket, key), firstSeq, 'EX', ttlSeconds);
      else pipeline.set(dedupClaimKey(bucket, key), firstSeq);
      restored++;
    }
    await Promise.all(
      pipelines.map(async (pipeline) => {
        for (const [error] of (await pipeline?.exec()) ?? []) if (error) throw error;
      }),
    );
    if (rows.length < PAGE_ROWS) break;
  }
  // The value names this rebuild: replicas that claimed under an earlier one restore their own
  // in-flight claims when they see it change (redis-dedup.store.ts).
  await markDedupClaimsComplete(redis, `${clock.nowMs()}-${randomUUID()}`, lost);
  if (restored > 0 || lost.length < DEDUP_BUCKETS) log(`rebuilt ${restored} (source, id) claims in Redis from ClickHouse (${lost.length} of ${DEDUP_BUCKETS} buckets had lost theirs)`);
  return restored;
}

import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { JetStreamManager } from 'nats';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';

/**
 * Room left above the highest stored position when a new incarnation starts: more than the messages
 * a replica can hold in flight (max ack pending), so a batch of the lost stream that lands late can
 * never take a position of the new one.
 */
export const INCARNATION_GAP = 1_000_000;

/**
 * The offset this incarnation of `stream` adds to its sequences to give the positions stored in
 * usage_outcomes. A stream the broker recreated without its storage starts again at sequence 1;
 * stored as they come, its messages would meet the rows of the lost stream under the same numbers
 * (taken for already written, and skipped) and the dedup claims and the rating job's watermark that
 * name them. The first incarnation metering meets keeps offset 0 (every position written so far is
 * its own); a later one starts above every position stored. Replicas agree on one offset through a
 * Redis SET NX before it is recorded in ClickHouse (stream_incarnations), where it is read from then on.
 */
export async function streamSeqOffset(
  jsm: JetStreamManager,
  clickhouse: ClickHouseClient,
  redis: RedisClient,
  database: string,
  stream: string,
  clock: Clock,
  log: (line: string) => void,
): Promise<number> {
  const created = (await jsm.streams.info(stream)).created;
  const db = '`' + database + '`';
  const known = await queryRows<{ created: string; seq_offset: string }>(clickhouse, `SELECT created, seq_offset FROM ${db}.stream_incarnations FINAL WHERE stream = {stream:String}`, { stream });
  const mine = known.find((row) => row.created === created);
  if (mine) return Number(mine.seq_offset);
  let proposal = 0;
  if (known.length > 0) {
    const [row] = await queryRows<{ seq: string }>(clickhouse, `SELECT max(stream_seq) AS seq FROM ${db}.usage_outcomes`);
    proposal = Number(row?.seq ?? 0) + INCARNATION_GAP;
  }
  const key = `stream-incarnation:${stream}:${created}`;
  await redis.set(key, String(proposal), 'NX');
  const offset = Number(await redis.get(key));
  await insertRows(clickhouse, `${database}.stream_incarnations`, [{ stream, created, seq_offset: offset, recorded_at: chDateTime(clock.nowMs()) }], `incarnation:${stream}:${created}`);
  if (known.length > 0) log(`the ${stream} stream was created anew at ${created} (its earlier messages are gone from the broker): its sequences are stored from ${offset + 1} on`);
  return offset;
}

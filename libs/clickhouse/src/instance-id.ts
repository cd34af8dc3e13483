import type { ClickHouseClient } from '@clickhouse/client';
import type { Clock, IdGenerator } from '@hourglass/contracts';
import { chDateTime, insertRows, queryRows } from './query';

/** This store's id, made on first use; two processes racing agree on the oldest row. */
export async function instanceId(client: ClickHouseClient, database: string, clock: Clock, ids: IdGenerator): Promise<string> {
  const read = async () =>
    (
      await queryRows<{ instance_id: string }>(
        client,
        `SELECT instance_id FROM \`${database}\`.hourglass_instance ORDER BY created_at, instance_id LIMIT 1`,
      )
    )[0]?.instance_id;
  const known = await read();
  if (known) return known;
  await insertRows(client, `${database}.hourglass_instance`, [{ instance_id: ids.newId(), created_at: chDateTime(clock.nowMs()) }]);
  return (await read())!;
}

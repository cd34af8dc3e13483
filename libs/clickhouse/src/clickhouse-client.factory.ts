import * as fs from 'node:fs';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { HourglassConfig } from '@hourglass/config';

export type { ClickHouseClient };

/**
 * One code path to ClickHouse: the @clickhouse/client API. Embedded and server mode differ only in
 * the connection, so the same SQL, migrations and tests run in both.
 */
/** `database` is the current database for unqualified names (what `hourglass sql` users type). */
export function createClickHouse(config: HourglassConfig, database: string | null = null): ClickHouseClient {
  const settings = {
    // Decimals as JSON numbers would pass through a float on the way to big.js.
    output_format_json_quote_decimals: 1,
    output_format_json_quote_64bit_integers: 1,
    date_time_output_format: 'iso',
  } as const;
  if (config.clickhouse.url) {
    return createClient({
      url: config.clickhouse.url,
      username: config.clickhouse.user,
      password: config.clickhouse.password,
      ...(database ? { database } : {}),
      // A long query (a billing run's reads, a close pack) sends progress headers every 110 s, so a load
      // balancer's idle timeout (often 120 s) does not cut it before the 300 s request timeout.
      clickhouse_settings: { ...settings, send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '110000', ...clusterSettings(config.clickhouse.cluster) },
      request_timeout: 300_000,
    });
  }
  fs.mkdirSync(config.clickhouse.dataDir, { recursive: true });
  return createClient({
    connection: createChdbConnection({ path: config.clickhouse.dataDir }) as never,
    clickhouse_settings: settings,
  });
}

/**
 * On a cluster every table is Distributed over its shards (migration 025); these make it behave as
 * the single-node code expects. None of them applies to one node.
 *
 * - `distributed_foreground_insert`: an insert returns once every row is on a replica of its shard,
 *   which dropped it if its insert_deduplication_token was seen. In the background mode it would
 *   return once the rows are queued on the disk of the node that took them: an acknowledged batch
 *   would be lost with that disk, and a read right after (metering's, after a crash) would miss it.
 * - `distributed_product_mode = 'global'`: the views and queries JOIN and IN across tables sharded by
 *   different keys (invoices by invoice, rentals by rental, customers by customer). With 'global'
 *   the right-hand side is read once from the whole cluster and sent to every shard, which is right
 *   whatever the keys; 'local' would join each shard only with its own part of the other table and
 *   drop every pair that lives on two shards; the default 'deny' refuses such queries.
 * - `load_balancing = 'in_order'` with `prefer_localhost_replica = 0`: every query, whichever node the
 *   load balancer hands it to, reads from and inserts into the first live replica of each shard, so
 *   a read sees the insert acknowledged just before it (metering asks which sequences it wrote after
 *   a crash) instead of a second replica that has not fetched the part yet.
 */
export function clusterSettings(cluster: string | null) {
  if (cluster === null) return {};
  return {
    distributed_foreground_insert: 1,
    distributed_product_mode: 'global',
    load_balancing: 'in_order',
    prefer_localhost_replica: 0,
  } as const;
}

/**
 * Makes `database` the current one for unqualified names. chDB ignores the client's `database`
 * option but keeps `USE` for its session; a server gets a fresh client with the option set.
 */
export async function useDatabase(client: ClickHouseClient, config: HourglassConfig, database: string): Promise<ClickHouseClient> {
  if (!config.clickhouse.url) {
    await client.command({ query: `USE \`${database}\`` });
    return client;
  }
  await client.close();
  return createClickHouse(config, database);
}


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
      clickhouse_settings: { ...settings, send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '110000' },
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


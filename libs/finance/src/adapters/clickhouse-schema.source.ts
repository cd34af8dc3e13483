import { queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import type { SchemaColumn, SchemaTable } from '../domain/data-dictionary';

/** The live schema of one database, tables and their columns in declaration order. */
export async function readSchema(client: ClickHouseClient, database: string): Promise<{ tables: SchemaTable[]; columns: SchemaColumn[] }> {
  const tables = await queryRows<SchemaTable>(client, `SELECT name, engine, comment FROM system.tables WHERE database = {db:String} ORDER BY name`, { db: database });
  const columns = await queryRows<SchemaColumn>(client, `SELECT table, name, type, comment FROM system.columns WHERE database = {db:String} ORDER BY table, position`, { db: database });
  return { tables, columns };
}

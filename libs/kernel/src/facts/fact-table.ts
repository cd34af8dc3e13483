/**
 * One append-only ClickHouse table and the mapping between its rows and a domain type, kept in one
 * place so that the writer and every reader agree on it. A fact is never updated: a newer version is
 * a new row, and readers pick the latest one (see latestByKeySql).
 */
export interface FactTable<T, Row extends object = Record<string, unknown>> {
  /** Table name without the database. */
  readonly name: string;
  /** Every column a reader selects, in the table's order. */
  readonly columns: readonly string[];
  toRow(fact: T): Row;
  fromRow(row: Row): T;
}

/** How readers choose one row among the versions of a key. */
export interface LatestByKey {
  /** Columns that identify the thing a fact is about (e.g. `rental_id`). */
  readonly key: readonly string[];
  /** Expression whose greatest value is the latest version (e.g. `(updated_at, received_at)`). */
  readonly version: string;
}

/**
 * A table written as rows the caller already mapped (several domain objects make one row, or one
 * object many rows) and read through projections of its own, not back into one type.
 */
export function rowTable<Row extends object>(name: string, columns: readonly string[] = []): FactTable<Row, Row> {
  return { name, columns, toRow: (row) => row, fromRow: (row) => row };
}

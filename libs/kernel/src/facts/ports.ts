import type { FactTable, LatestByKey } from './fact-table';

/** Append-only storage of facts. Adapters map and store; they decide nothing. */
export interface FactStore {
  /**
   * Appends facts in bounded chunks. With a token, the same call repeated (same facts, same order)
   * writes nothing twice; without one, a retry may duplicate rows, which only a table that folds
   * exact copies (ReplacingMergeTree on the whole identity) tolerates.
   */
  append<T, Row extends object>(table: FactTable<T, Row>, facts: readonly T[], dedupToken: string | null): Promise<void>;
  /** The latest version of every key (optionally only keys matching `where`, a filter on key columns). */
  latest<T, Row extends object>(table: FactTable<T, Row>, latest: LatestByKey, where?: { sql: string; params: Record<string, unknown> }): Promise<T[]>;
}

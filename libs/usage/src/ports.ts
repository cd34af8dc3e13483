import type { UsageQuery, UsageRow } from './domain';

/** Reads covered time and rated amounts; returns at most `limit` rows after `query.after`, in key order. */
export interface UsageRepository {
  rows(query: UsageQuery, limit: number): Promise<UsageRow[]>;
}

import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import { carriesAmounts, type UsageQuery, type UsageRow } from '../domain';
import type { UsageRepository } from '../ports';
import { fromRow, type UsagePageRow } from './mapping';
import { usagePageSql } from './usage.sql';

/** Adapter only: runs the built query and maps rows; bounds and cursors are the domain's. */
export class ClickHouseUsageRepository implements UsageRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async rows(query: UsageQuery, limit: number): Promise<UsageRow[]> {
    const built = usagePageSql('`' + this.database + '`', query, limit);
    const rows = await queryRows<UsagePageRow>(this.client, built.query, built.params);
    const amounts = carriesAmounts(query.groupBy);
    return rows.map((r) => fromRow(r, query.groupBy, amounts));
  }
}

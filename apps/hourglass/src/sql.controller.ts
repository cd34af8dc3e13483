import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { DomainError } from '@hourglass/contracts';
import { CLICKHOUSE } from '@hourglass/platform';

const READ_ONLY = /^\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b/i;

/** `hourglass sql`: read-only queries for finance and operators, against the configured ClickHouse. */
@Controller('v1/sql')
export class SqlController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient) {}

  @Post()
  @HttpCode(200)
  async query(@Body() body: { query?: unknown }): Promise<{ rows: unknown[] }> {
    const query = typeof body?.query === 'string' ? body.query.trim().replace(/;\s*$/, '') : '';
    // One statement only: the embedded engine runs `a; b` as two.
    if (!READ_ONLY.test(query) || query.includes(';')) {
      throw new DomainError('not_read_only', 'one read-only statement (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN or EXISTS) without ";" is allowed');
    }
    try {
      const result = await this.clickhouse.query({ query, format: 'JSONEachRow' });
      return { rows: await result.json() };
    } catch (error) {
      throw new DomainError('query_failed', (error as Error).message);
    }
  }
}

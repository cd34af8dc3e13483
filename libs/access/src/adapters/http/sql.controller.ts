import { Body, Controller, HttpCode, Inject, Post, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ClickHouseSqlSandbox } from '../clickhouse-sql-sandbox';
import { ErrorBodyDto } from '../dto/error-body.dto';
import { SqlQueryDto, SqlRowsDto } from '../dto/sql.dto';
import { Access } from './access.decorators';

const CONTENT_TYPES: Record<string, string> = {
  CSV: 'text/csv; charset=utf-8',
  CSVWithNames: 'text/csv; charset=utf-8; header=present',
  TSV: 'text/tab-separated-values; charset=utf-8',
  TSVWithNames: 'text/tab-separated-values; charset=utf-8',
};

/** `hourglass sql`: one sandboxed read-only statement (libs/access/README.md says what is allowed). */
@ApiTags('sql')
@ApiExtraModels(SqlRowsDto)
@Controller('v1/sql')
export class SqlController {
  constructor(@Inject(ClickHouseSqlSandbox) private readonly sandbox: ClickHouseSqlSandbox) {}

  @Post()
  @ApiOperation({ summary: 'One sandboxed read-only SQL statement' })
  @HttpCode(200)
  @Access('finance')
  @ApiBody({ type: SqlQueryDto })
  @ApiProduces('application/json', 'text/csv', 'text/tab-separated-values')
  @ApiOkResponse({
    description: '{rows} for json; the result as text for CSV and TSV formats',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SqlRowsDto) } },
      'text/csv': { schema: { type: 'string' } },
      'text/tab-separated-values': { schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ description: '`query_not_allowed` (refused, with what), `query_limit_exceeded` (stopped by a limit) or `query_failed`', type: ErrorBodyDto })
  async query(@Body() body: SqlQueryDto): Promise<SqlRowsDto | StreamableFile> {
    const prepared = await this.sandbox.prepare(body?.query, body?.format);
    if (prepared.format === 'JSONEachRow') return { rows: (await this.sandbox.rows(prepared)) as Record<string, unknown>[] };
    return new StreamableFile(await this.sandbox.run(prepared), { type: CONTENT_TYPES[prepared.format] });
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClickHouseAuditLogRepository } from '../clickhouse-audit-log.repository';
import { auditPageFrom, type AuditEntry } from '../../audit/audit-entry';
import { AuditEntryDto } from '../dto/audit-entry.dto';
import { Access } from './access.decorators';

@ApiTags('access')
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(@Inject(ClickHouseAuditLogRepository) private readonly log: ClickHouseAuditLogRepository) {}

  /** Newest first; `before` (an entry's id, or an instant) pages back. */
  @Get()
  @ApiOperation({ summary: 'The audit log of writes, newest first' })
  @Access('finance')
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiQuery({ name: 'before', required: false, description: "an entry's id (the next page after it) or an ISO 8601 instant" })
  @ApiOkResponse({ type: AuditEntryDto, isArray: true })
  list(@Query('limit') limit?: string, @Query('before') before?: string): Promise<AuditEntry[]> {
    return this.log.page(auditPageFrom(limit, before));
  }
}

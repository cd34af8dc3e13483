import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { DomainError, type Clock } from '@hourglass/contracts';
import { CLOCK } from '@hourglass/platform';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IngestHistoryDto, IngestStatusDto } from './adapters/dto/ingest-status.dto';
import { StatusService, type IngestStatus } from './adapters/ingest-status.service';
import { HISTORY_BUCKETS_MAX, parseHistoryQuery, type HistoryPoint } from './domain/ingest-history';

@ApiTags('metering')
@Controller('v1/status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  // A property, so the constructor the status route uses stays as it was.
  @Inject(CLOCK) private readonly clock!: Clock;

  @Get()
  @ApiOperation({ summary: 'Ingest counts by outcome and reason, and stream lag' })
  @ApiOkResponse({ type: IngestStatusDto })
  @Access('finance', 'billing', 'control-plane')
  get(): Promise<IngestStatus> {
    return this.status.status();
  }

  @Get('history')
  @ApiOperation({ summary: 'Ingest outcomes and rejections by reason per time bucket (by receipt time)' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601 instant; default 24 h before to' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 instant, exclusive; default the end of the current bucket' })
  @ApiQuery({ name: 'bucket', required: false, enum: ['minute', 'hour', 'day'], description: `default hour; at most ${HISTORY_BUCKETS_MAX} buckets` })
  @ApiOkResponse({ type: IngestHistoryDto })
  @ApiBadRequestResponse({ description: '`invalid_query`' })
  @Access('finance', 'billing', 'control-plane')
  async history(@Query('from') from?: string, @Query('to') to?: string, @Query('bucket') bucket?: string): Promise<{ bucket: string; points: HistoryPoint[] }> {
    const parsed = parseHistoryQuery({ from, to, bucket }, this.clock.nowMs());
    if (!parsed.ok) throw new DomainError('invalid_query', parsed.message);
    return { bucket: parsed.query.bucket, points: await this.status.history(parsed.query) };
  }
}

import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ClosePackSummaryDto } from './adapters/dto/close-pack.dto';
import { ClosePackService } from './close-pack.service';

/** The period close pack, read by `hourglass close`: what it holds, then each file. Read-only. */
@ApiTags('finance')
@Controller('v1/close')
export class ClosePackController {
  constructor(private readonly service: ClosePackService) {}

  @Get(':period')
  @ApiOperation({ summary: 'Datasets of the period close pack with row counts and per-currency totals, as of an instant' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO instant; facts recorded later are left out (default: now)' })
  @ApiOkResponse({ type: ClosePackSummaryDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_period`, `invalid_query`' })
  @Access('finance')
  summary(@Param('period') period: string, @Query('asOf') asOf?: string) {
    return this.service.summary(period, asOf);
  }

  @Get(':period/:dataset/:format')
  @ApiOperation({ summary: 'One dataset of the close pack as CSV (with a header line) or Parquet, in a fixed order' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO instant; pass the summary asOf so the files agree with its counts' })
  @ApiProduces('text/csv', 'application/vnd.apache.parquet')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_period`, `invalid_query`' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: '`not_found`: no such dataset' })
  @Access('finance')
  async file(@Param('period') period: string, @Param('dataset') dataset: string, @Param('format') format: string, @Query('asOf') asOf?: string) {
    const stream = await this.service.file(period, dataset, format, asOf);
    return new StreamableFile(stream, { type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet', disposition: `attachment; filename="${dataset}.${format}"` });
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { DunningQueuePageDto } from './adapters/dto/dunning.dto';
import { DunningQueryService } from './dunning-query.service';

const blankToUndefined = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** The dunning queue, read-only: retries and suspensions happen in the leased job, never on request. */
@ApiTags('dunning')
@Controller('v1/dunning')
export class DunningController {
  constructor(private readonly queries: DunningQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Invoices in dunning: retries made, next retry, state; by invoice id, a page at a time' })
  @ApiQuery({ name: 'state', required: false, description: 'scheduled, exhausted, recovered, cancelled (comma-separated); all when absent' })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiOkResponse({ type: DunningQueuePageDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: '`invalid_state`, `invalid_cursor`, `invalid_limit`' })
  @Access('finance', 'billing')
  queue(@Query('state') state?: string, @Query('customerId') customerId?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.queries.queue({
      state: blankToUndefined(state),
      customerId: blankToUndefined(customerId),
      cursor: blankToUndefined(cursor),
      limit: blankToUndefined(limit) === undefined ? undefined : Number(limit),
    });
  }
}

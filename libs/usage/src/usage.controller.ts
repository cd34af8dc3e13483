import { Controller, Get, Query } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { GROUP_KEYS, LIMIT_DEFAULT, LIMIT_MAX, WINDOWS, type UsagePage } from './domain';
import { UsageQueryService } from './usage-query.service';

const ROW_SCHEMA = {
  type: 'object',
  required: ['windowStart', 'windowEnd', 'gpuHours', 'gpuMs'],
  properties: {
    windowStart: { type: 'string', format: 'date-time', description: "window start (inclusive) with the zone's offset; clipped to from" },
    windowEnd: { type: 'string', format: 'date-time', description: 'window end (exclusive); clipped to to' },
    ...Object.fromEntries(GROUP_KEYS.map((k) => [k, { type: 'string', description: `present when grouped by ${k}` }])),
    gpuHours: { type: 'string', description: 'covered GPU-hours (union of accepted intervals, as billed), decimal string, at most 12 decimals' },
    gpuMs: { type: 'string', description: 'covered GPU-milliseconds, exact integer' },
    amount: { type: 'string', description: 'exact rated charge (before the per-line rounding of invoices); when grouped by customer or rental' },
    currency: { type: 'string', description: 'ISO 4217 currency of amount' },
    gpuUtilizationPct: { type: 'string', description: "reported GPU utilisation (0–100) of the window's accepted events, weighted by GPU count × duration, 2 decimals; absent where none reported it" },
    energyWh: { type: 'string', description: "reported energy of the window's accepted events, summed, in Wh; absent where none reported it" },
  },
};

@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageQueryService) {}

  @Get()
  @Access('finance', 'billing')
  @ApiOperation({
    summary: 'Covered GPU-hours (and rated amounts) per window and group (CONTRACTS §11)',
    description:
      'Refused with 400 query_too_large when the span is over 367 days or windows × groups would exceed 1,000,000 (estimated); ' +
      '400 invalid_query lists every invalid parameter; 400 invalid_cursor for a cursor of another query.',
  })
  @ApiQuery({ name: 'from', required: true, description: 'ISO instant, inclusive' })
  @ApiQuery({ name: 'to', required: true, description: 'ISO instant, exclusive' })
  @ApiQuery({ name: 'window', required: false, enum: WINDOWS, description: 'default day' })
  @ApiQuery({ name: 'tz', required: false, description: 'IANA time zone of the windows, default UTC' })
  @ApiQuery({ name: 'groupBy', required: false, description: `comma list of ${GROUP_KEYS.join(', ')}` })
  @ApiQuery({ name: 'limit', required: false, description: `rows per page, default ${LIMIT_DEFAULT}, at most ${LIMIT_MAX}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page, with the same other parameters' })
  @ApiQuery({ name: 'customer', required: false })
  @ApiQuery({ name: 'rental', required: false })
  @ApiQuery({ name: 'operator', required: false })
  @ApiQuery({ name: 'dataCenter', required: false })
  @ApiQuery({ name: 'gpuModel', required: false })
  @ApiQuery({ name: 'pricingClass', required: false })
  @ApiOkResponse({
    schema: { type: 'object', required: ['rows', 'nextCursor'], properties: { rows: { type: 'array', items: ROW_SCHEMA }, nextCursor: { type: 'string', nullable: true } } },
  })
  query(@Query() params: Record<string, unknown>): Promise<UsagePage> {
    return this.usage.execute(params);
  }
}

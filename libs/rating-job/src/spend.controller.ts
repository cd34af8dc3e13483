import { Controller, Get, Param, Query } from '@nestjs/common';
import { SpendQueryService, type CustomerSpend } from './spend-query.service';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CustomerSpendDto } from './adapters/dto/customer-spend.dto';

@ApiTags('rating')
@Controller('v1/customers')
export class SpendController {
  constructor(private readonly spend: SpendQueryService) {}

  /** Month-to-date exact spend (?period=YYYY-MM, default the current UTC month) and the credit limit. */
  @Get(':id/spend')
  @ApiOperation({ summary: "A customer's month-to-date spend and credit limit" })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM; the current UTC month by default' })
  @ApiOkResponse({ type: CustomerSpendDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  get(@Param('id') id: string, @Query('period') period?: string): Promise<CustomerSpend> {
    return this.spend.spend(id, period);
  }
}

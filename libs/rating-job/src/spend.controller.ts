import { Controller, Get, Param, Query } from '@nestjs/common';
import { SpendQueryService, type CustomerSpend } from './spend-query.service';

@Controller('v1/customers')
export class SpendController {
  constructor(private readonly spend: SpendQueryService) {}

  /** Month-to-date exact spend (?period=YYYY-MM, default the current UTC month) and the credit limit. */
  @Get(':id/spend')
  get(@Param('id') id: string, @Query('period') period?: string): Promise<CustomerSpend> {
    return this.spend.spend(id, period);
  }
}

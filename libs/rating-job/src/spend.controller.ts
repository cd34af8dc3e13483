import { Controller, Get, HttpException, Param, Query } from '@nestjs/common';
import { Access } from '@hourglass/access';
import { SpendQueryError, SpendQueryService, type CustomerSpend } from './spend-query.service';

const STATUS_BY_REASON: Record<SpendQueryError['reason'], number> = { customer_not_found: 404, invalid_period: 400 };

@Controller('v1/customers')
export class SpendController {
  constructor(private readonly spend: SpendQueryService) {}

  /** Month-to-date exact spend (?period=YYYY-MM, default the current UTC month) and the credit limit. */
  @Get(':id/spend')
  @Access('finance', 'billing')
  async get(@Param('id') id: string, @Query('period') period?: string): Promise<CustomerSpend> {
    try {
      return await this.spend.spend(id, period);
    } catch (error) {
      if (error instanceof SpendQueryError) throw new HttpException({ reason: error.reason, message: error.message }, STATUS_BY_REASON[error.reason]);
      throw error;
    }
  }
}

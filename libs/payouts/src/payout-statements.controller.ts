import { Controller, Get, HttpException, Inject, Query } from '@nestjs/common';
import { PAYOUT_STATEMENTS } from './payouts.tokens';
import type { PayoutStatementRepository } from './ports';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

@Controller('v1')
export class PayoutStatementsController {
  constructor(@Inject(PAYOUT_STATEMENTS) private readonly statements: PayoutStatementRepository) {}

  @Get('payout-statements')
  payouts(@Query('period') period: string, @Query('operatorId') operatorId?: string) {
    if (!PERIOD.test(period ?? '')) {
      throw new HttpException({ reason: 'invalid_period', message: 'period must be YYYY-MM' }, 400);
    }
    return this.statements.statements({ period, operatorId });
  }
}

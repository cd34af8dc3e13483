import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Period } from '@hourglass/time';
import { PAYOUT_STATEMENTS } from './payouts.tokens';
import type { PayoutStatementRepository } from './ports';

@Controller('v1')
export class PayoutStatementsController {
  constructor(@Inject(PAYOUT_STATEMENTS) private readonly statements: PayoutStatementRepository) {}

  @Get('payout-statements')
  payouts(@Query('period') period: string, @Query('operatorId') operatorId?: string) {
    Period.parse(period ?? '');
    return this.statements.statements({ period, operatorId });
  }
}

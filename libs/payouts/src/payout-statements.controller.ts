import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ErrorBodyDto } from '@hourglass/access';
import { Period } from '@hourglass/time';
import { PayoutStatementDto } from './adapters/payouts.dto';
import { PAYOUT_STATEMENTS } from './payouts.tokens';
import type { PayoutStatementRepository } from './ports';

@ApiTags('payouts')
@Controller('v1')
export class PayoutStatementsController {
  constructor(@Inject(PAYOUT_STATEMENTS) private readonly statements: PayoutStatementRepository) {}

  @Get('payout-statements')
  @ApiOperation({ summary: 'Operator payout statements of a period' })
  @ApiQuery({ name: 'period', required: true, description: 'YYYY-MM' })
  @ApiQuery({ name: 'operatorId', required: false })
  @ApiOkResponse({ type: PayoutStatementDto, isArray: true })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @Access('finance', 'billing')
  payouts(@Query('period') period: string, @Query('operatorId') operatorId?: string) {
    Period.parse(period ?? '');
    return this.statements.statements({ period, operatorId });
  }
}

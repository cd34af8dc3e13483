import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import { OPERATOR_EARNINGS } from '@hourglass/invoicing';
import { CLICKHOUSE, CONFIG } from '@hourglass/platform';
import { ClickHousePayoutStatementRepository } from './adapters/clickhouse-payout-statement.repository';
import { PayoutStatementsController } from './payout-statements.controller';
import { PAYOUT_STATEMENTS } from './payouts.tokens';
import type { PayoutStatementRepository } from './ports';
import { RecordPayoutStatements } from './record-payout-statements';

/**
 * Earned payout statements: recorded when a billing run hands over its invoices' earned lines
 * (invoicing's OPERATOR_EARNINGS port, provided here), read at GET /v1/payout-statements.
 */
@Module({
  controllers: [PayoutStatementsController],
  providers: [
    {
      provide: PAYOUT_STATEMENTS,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHousePayoutStatementRepository(clickhouse, config.clickhouse.database),
    },
    {
      provide: OPERATOR_EARNINGS,
      inject: [PAYOUT_STATEMENTS],
      useFactory: (repository: PayoutStatementRepository) => new RecordPayoutStatements(repository),
    },
  ],
  exports: [OPERATOR_EARNINGS, PAYOUT_STATEMENTS],
})
export class PayoutsModule {}

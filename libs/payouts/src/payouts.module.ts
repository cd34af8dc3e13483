import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import { NO_SANCTIONS, SANCTIONS_GATE, type Clock, type SanctionsGate } from '@hourglass/contracts';
import { OPERATOR_EARNINGS } from '@hourglass/invoicing';
import { ClickHouseOutboxRepository, FencedLeaseRunner, RedisLeaseStore } from '@hourglass/kernel';
import type { RedisClient } from '@hourglass/redis';
import { CLICKHOUSE, CLOCK, CONFIG, REDIS } from '@hourglass/platform';
import { ClickHousePayoutStatementRepository } from './adapters/clickhouse-payout-statement.repository';
import { ClickHouseEarningsSource, ClickHouseKycRepository, ClickHouseOperatorRepository, ClickHousePayoutStore } from './adapters/clickhouse-payouts.repository';
import { KycService } from './kyc/kyc.service';
import { OperatorsConsumer } from './operators/operators-consumer';
import { OperatorsService } from './operators/operators.service';
import { KycController, OperatorsController, PayoutsController } from './payouts-api.controller';
import { PayoutRunService } from './payout-run.service';
import { PayoutsSchedule } from './payouts-schedule.job';
import { PayoutStatementsController } from './payout-statements.controller';
import { PAYOUT_EARNINGS, PAYOUT_STATEMENTS } from './payouts.tokens';
import type { EarningsSource, PayoutStatementRepository } from './ports';
import { RecordPayoutStatements } from './record-payout-statements';

/**
 * Earned payout statements (recorded when a billing run hands over its invoices' earned lines through
 * invoicing's OPERATOR_EARNINGS port), operators as reference data, KYC states, and payout batches.
 * Sanctions are risk's: its SANCTIONS_GATE is used when the app provides one, else no one is blocked.
 */
@Module({
  controllers: [PayoutStatementsController, OperatorsController, PayoutsController, KycController],
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
    {
      provide: PAYOUT_EARNINGS,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseEarningsSource(clickhouse, config.clickhouse.database),
    },
    {
      provide: OperatorsService,
      inject: [CONFIG, CLICKHOUSE, CLOCK],
      useFactory: async (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock) => {
        const outbox = new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock);
        const service = new OperatorsService(new ClickHouseOperatorRepository(clickhouse, config.clickhouse.database, outbox), clock);
        await service.start();
        return service;
      },
    },
    {
      provide: KycService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, PAYOUT_EARNINGS],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, earnings: EarningsSource) =>
        new KycService(new ClickHouseKycRepository(clickhouse, config.clickhouse.database), new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock), earnings, clock, config.payouts.customerSpendLimit),
    },
    {
      provide: PayoutRunService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, REDIS, PAYOUT_EARNINGS, OperatorsService, KycService, { token: SANCTIONS_GATE, optional: true }],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, redis: RedisClient, earnings: EarningsSource, operators: OperatorsService, kyc: KycService, sanctions?: SanctionsGate) =>
        new PayoutRunService(
          new ClickHousePayoutStore(clickhouse, config.clickhouse.database, new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock)),
          earnings,
          operators,
          kyc,
          clock,
          {
            basis: config.payouts.basis,
            reserveRate: config.payouts.reserveRate,
            reserveHoldMs: config.payouts.reserveHoldMs,
            minimum: config.payouts.minimum,
            debtor: config.payouts.debtor,
            customerSpendLimit: config.payouts.customerSpendLimit,
          },
          sanctions ?? NO_SANCTIONS,
          new FencedLeaseRunner(new RedisLeaseStore(redis), clock),
        ),
    },
    OperatorsConsumer,
    PayoutsSchedule,
  ],
  exports: [OPERATOR_EARNINGS, PAYOUT_STATEMENTS, PayoutRunService, OperatorsService, KycService],
})
export class PayoutsModule {}

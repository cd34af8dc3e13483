import { Logger, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { FaultSwitches, HourglassConfig } from '@hourglass/config';
import type { Clock, IdGenerator } from '@hourglass/contracts';
import { ClickHouseOutboxRepository, FencedLeaseRunner, RedisLeaseStore } from '@hourglass/kernel';
import { STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CLOCK, CONFIG, FAULT_SWITCHES, ID_GENERATOR, NATS, REDIS } from '@hourglass/platform';
import { ReferenceModule } from '@hourglass/reference';
import { ReferenceCache } from '@hourglass/reference';
import { ClickHouseReferenceRepository } from '@hourglass/reference';
import type { RoundingMode } from '@hourglass/money';
import { ClickHouseBillingRepository } from './adapters/clickhouse-billing.repository';
import { ClickHouseCustomerTaxProfiles } from './adapters/clickhouse-customer-tax-profiles.repository';
import { loadTaxRules } from './adapters/tax-rules.file';
import { BillingRunService } from './billing-run.service';
import { BillingSchedule } from './adapters/billing-schedule.job';
import { ClickHouseIdempotencyStore } from './adapters/clickhouse-idempotency.store';
import { ClickHouseInvoiceLifecycleRepository } from './adapters/clickhouse-invoice-lifecycle.repository';
import { InvoiceQueryService } from './adapters/clickhouse-invoice-query.service';
import { InvoicingController } from './invoicing.controller';
import { OPERATOR_EARNINGS } from './invoicing.tokens';
import { ChangeInvoiceStatus, CreditBalances, DEFAULT_LOCK_WAIT, GrantCredit, IssueCreditNote, type LifecycleContext } from './lifecycle';
import type { OperatorEarnings } from './ports';

const LIFECYCLE = Symbol('LifecycleContext');

const providers: Provider[] = [
  {
    provide: BillingRunService,
    inject: [CONFIG, CLICKHOUSE, REDIS, NATS, CLOCK, ReferenceCache, FAULT_SWITCHES, OPERATOR_EARNINGS],
    useFactory: (
      config: HourglassConfig,
      clickhouse: ClickHouseClient,
      redis: RedisClient,
      nats: NatsConnection,
      clock: Clock,
      cache: ReferenceCache,
      faults: FaultSwitches,
      earnings: OperatorEarnings,
    ) => {
      const references = new ClickHouseReferenceRepository(clickhouse, config.clickhouse.database);
      const taxRules = loadTaxRules(config.billing.taxRulesFile ?? null);
      return new BillingRunService(
        new ClickHouseBillingRepository(clickhouse, config.clickhouse.database, clock, {
          // Test-only fault injection (see FaultSwitches): zero unless a fault test turned it on.
          pauseAfterLinesMs: faults.billingPauseAfterLinesMs,
        }),
        earnings,
        new FencedLeaseRunner(new RedisLeaseStore(redis), clock),
        {
          rentals: () => cache.allRentals(),
          priceBooks: () => {
            const books = new Map<string, ReturnType<ReferenceCache['allPriceBooks']>>();
            for (const v of cache.allPriceBooks()) {
              const versions = books.get(v.priceBookId);
              if (versions) versions.push(v);
              else books.set(v.priceBookId, [v]);
            }
            return books;
          },
          rentalHistory: (id) => references.rentalHistory(id),
        },
        {
          undelivered: async () => {
            const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.metering.consumer.durableName).catch(() => null);
            return info?.num_pending ?? 0;
          },
          ackFloor: async () => {
            const info = await (await nats.jetstreamManager()).consumers.info(STREAMS.usage.name, config.metering.consumer.durableName).catch(() => null);
            return info ? info.ack_floor.stream_seq : null;
          },
        },
        clock,
        {
          billingEntity: config.billing.entity,
          roundingOverrides: config.billing.roundingOverrides as Record<string, RoundingMode>,
          ingestWaitMs: 30_000,
          // Renewed while the run is alive: after a crash the next run waits at most this long.
          leaseMs: 30_000,
        },
        new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
        (line) => new Logger('BillingRun').log(line),
        taxRules ? { rules: taxRules, profiles: new ClickHouseCustomerTaxProfiles(clickhouse, config.clickhouse.database) } : null,
      );
    },
  },
  {
    provide: InvoiceQueryService,
    inject: [CONFIG, CLICKHOUSE],
    useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new InvoiceQueryService(clickhouse, config.clickhouse.database),
  },
  {
    provide: LIFECYCLE,
    inject: [CONFIG, CLICKHOUSE, REDIS, CLOCK, ID_GENERATOR],
    useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, redis: RedisClient, clock: Clock, ids: IdGenerator): LifecycleContext => ({
      repository: new ClickHouseInvoiceLifecycleRepository(clickhouse, config.clickhouse.database),
      idempotency: new ClickHouseIdempotencyStore(clickhouse, config.clickhouse.database),
      lock: new FencedLeaseRunner(new RedisLeaseStore(redis), clock),
      outbox: new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
      clock,
      ids,
      billingEntity: config.billing.entity,
      lockWait: DEFAULT_LOCK_WAIT,
    }),
  },
  { provide: ChangeInvoiceStatus, inject: [LIFECYCLE], useFactory: (ctx: LifecycleContext) => new ChangeInvoiceStatus(ctx) },
  { provide: IssueCreditNote, inject: [LIFECYCLE], useFactory: (ctx: LifecycleContext) => new IssueCreditNote(ctx) },
  { provide: GrantCredit, inject: [LIFECYCLE], useFactory: (ctx: LifecycleContext) => new GrantCredit(ctx) },
  { provide: CreditBalances, inject: [LIFECYCLE], useFactory: (ctx: LifecycleContext) => new CreditBalances(ctx.repository) },
  BillingSchedule,
];

/**
 * Billing runs, invoices and their lifecycle. `operatorEarnings` is the module that provides
 * OPERATOR_EARNINGS, where runs hand their earned shares (PayoutsModule): given by the app, so that
 * invoicing never imports payouts.
 */
@Module({})
export class InvoicingModule {
  static forRoot(options: { operatorEarnings: Type | DynamicModule }): DynamicModule {
    return {
      module: InvoicingModule,
      imports: [ReferenceModule, options.operatorEarnings],
      controllers: [InvoicingController],
      providers,
      exports: [BillingRunService, InvoiceQueryService, ChangeInvoiceStatus, IssueCreditNote, GrantCredit, CreditBalances],
    };
  }
}

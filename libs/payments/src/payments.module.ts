import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseInboxRepository, ClickHouseOutboxRepository } from '@hourglass/kernel';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { ReferenceCache, ReferenceModule } from '@hourglass/reference';
import { AdyenPaymentProcessor } from './adapters/adyen-payment.processor';
import { ClickHouseInvoiceDirectory } from './adapters/clickhouse-invoice-directory.repository';
import { ClickHousePaymentFactsRepository } from './adapters/clickhouse-payment-facts.repository';
import { PspInboxRetryJob } from './adapters/inbox-retry.job';
import { KernelWebhookInbox } from './adapters/kernel-webhook.inbox';
import { PaymentsMetrics } from './adapters/payments.metrics';
import { RedisKeyedLock } from './adapters/redis-keyed.lock';
import { StripeSdkEventVerifier } from './adapters/stripe-event.verifier';
import { StripePaymentProcessor } from './adapters/stripe-payment.processor';
import type { Provider } from './domain';
import { PaymentFactsService } from './payment-facts.service';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import type { PaymentProcessor } from './ports';
import { PspWebhooksController } from './psp-webhooks.controller';
import { WebhookIntakeService } from './webhook-intake.service';

/** The configured processors by provider (`ReadonlyMap<Provider, PaymentProcessor>`), for the disputes module. */
export const PAYMENT_PROCESSORS = Symbol('PaymentProcessors');
const PROCESSORS = PAYMENT_PROCESSORS;
const STORE = Symbol('PaymentFactStore');
const INVOICES = Symbol('InvoiceDirectory');

@Module({
  imports: [ReferenceModule],
  controllers: [PspWebhooksController, PaymentsController],
  providers: [
    { provide: PaymentsMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new PaymentsMetrics(registry) },
    {
      provide: PROCESSORS,
      inject: [CONFIG],
      useFactory: (config: HourglassConfig) => {
        const processors = new Map<Provider, PaymentProcessor>();
        if (config.payments.stripeApiKey) processors.set('stripe', new StripePaymentProcessor(config.payments));
        if (config.payments.adyenApiKey && config.payments.adyenMerchantAccount) processors.set('adyen', new AdyenPaymentProcessor(config.payments));
        return processors;
      },
    },
    {
      provide: STORE,
      inject: [CONFIG, CLICKHOUSE, CLOCK],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock) => new ClickHousePaymentFactsRepository(clickhouse, config.clickhouse.database, clock),
    },
    {
      provide: INVOICES,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) => new ClickHouseInvoiceDirectory(clickhouse, config.clickhouse.database),
    },
    {
      provide: PaymentFactsService,
      inject: [CONFIG, CLICKHOUSE, STORE, INVOICES, PROCESSORS, REDIS, CLOCK],
      useFactory: (
        config: HourglassConfig,
        clickhouse: ClickHouseClient,
        store: ClickHousePaymentFactsRepository,
        invoices: ClickHouseInvoiceDirectory,
        processors: Map<Provider, PaymentProcessor>,
        redis: RedisClient,
        clock: Clock,
      ) =>
        new PaymentFactsService(
          store,
          invoices,
          processors,
          new RedisKeyedLock(redis, `pid${process.pid}`),
          clock,
          new ClickHouseOutboxRepository(clickhouse, config.clickhouse.database, clock),
        ),
    },
    {
      provide: WebhookIntakeService,
      inject: [CONFIG, CLICKHOUSE, CLOCK, PaymentFactsService],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient, clock: Clock, facts: PaymentFactsService) =>
        new WebhookIntakeService(
          new KernelWebhookInbox(new ClickHouseInboxRepository(clickhouse, config.clickhouse.database), clock),
          facts,
          new StripeSdkEventVerifier(config.payments.stripeWebhookSecrets),
          config.payments.adyenHmacKeys,
          clock,
        ),
    },
    {
      provide: PaymentsService,
      inject: [STORE, INVOICES, PaymentFactsService, PROCESSORS, ReferenceCache, CLOCK],
      useFactory: (
        store: ClickHousePaymentFactsRepository,
        invoices: ClickHouseInvoiceDirectory,
        facts: PaymentFactsService,
        processors: Map<Provider, PaymentProcessor>,
        cache: ReferenceCache,
        clock: Clock,
      ) => new PaymentsService(store, invoices, facts, processors, (id) => cache.customer(id), clock),
    },
    PspInboxRetryJob,
  ],
  exports: [PaymentsService, WebhookIntakeService, PAYMENT_PROCESSORS],
})
export class PaymentsModule {}

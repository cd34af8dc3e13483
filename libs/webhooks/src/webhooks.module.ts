import { Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { CLICKHOUSE, CLOCK, CONFIG } from '@hourglass/platform';
import { ClickHouseWebhookStore } from './adapters/clickhouse-webhook.store';
import { FetchHttpPoster } from './adapters/fetch-http.poster';
import { SecretSeal } from './adapters/secret-seal';
import { WebhookDispatcherJob } from './adapters/webhook-dispatcher.job';
import type { HttpPoster, WebhookStore } from './ports';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';
import { WEBHOOK_HTTP, WEBHOOK_STORE } from './webhooks.tokens';

@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: WEBHOOK_STORE,
      inject: [CONFIG, CLICKHOUSE],
      useFactory: (config: HourglassConfig, clickhouse: ClickHouseClient) =>
        new ClickHouseWebhookStore(clickhouse, config.clickhouse.database, SecretSeal.fromConfig(config.webhooks.sealKey, config.webhooks.keyFile)),
    },
    { provide: WEBHOOK_HTTP, useClass: FetchHttpPoster },
    {
      provide: WebhooksService,
      inject: [CONFIG, WEBHOOK_STORE, WEBHOOK_HTTP, CLOCK],
      useFactory: (config: HourglassConfig, store: WebhookStore, http: HttpPoster, clock: Clock) =>
        new WebhooksService(store, http, clock, { retry: config.webhooks.retry, timeoutMs: config.webhooks.timeoutMs }),
    },
    WebhookDispatcherJob,
  ],
})
export class WebhooksModule {}

import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { pspWebhookRawBody } from '@hourglass/payments';
import { DomainErrorFilter } from '@hourglass/platform';
import { HourglassModule } from './app.module';

export interface StartedServer {
  app: INestApplication;
  url: string;
}

/** Boots all modules and serves HTTP; `app.close()` finishes the batch in hand, acks it, drains NATS. */
export async function startServer(config: HourglassConfig, options: { logLevels?: LogLevel[]; clock?: Clock } = {}): Promise<StartedServer> {
  const app = await NestFactory.create<NestExpressApplication>(HourglassModule.forRoot(config, options.clock), {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
  });
  // Before the JSON parser: PSP webhooks are verified over the exact bytes received.
  app.use('/v1/psp', pspWebhookRawBody());
  app.useBodyParser('json', { limit: '50mb' });
  app.useGlobalFilters(new DomainErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hourglass')
      .setDescription('Usage metering, rating and settlement for GPU marketplaces')
      .setVersion('v1')
      .build(),
  );
  SwaggerModule.setup('v1/docs', app, document, { jsonDocumentUrl: 'v1/openapi.json' });
  await app.listen(config.httpPort, process.env.HOURGLASS_HTTP_HOST ?? '0.0.0.0');
  // Longer than the usual 60 s idle timeout of clients and load balancers, so they close first.
  app.getHttpServer().keepAliveTimeout = 65_000;
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  new Logger('Hourglass').log(`serving on ${url} (ClickHouse: ${config.clickhouseUrl ?? `embedded chDB at ${config.dataDir}`})`);
  return { app, url };
}

/** `hourglass serve`: on SIGTERM or SIGINT, close gracefully and exit 0 (1 if closing failed). */
export async function serveUntilSignalled(config: HourglassConfig): Promise<void> {
  const { app } = await startServer(config);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    new Logger('Hourglass').log(`${signal}: finishing the batch in hand, then stopping`);
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`hourglass: shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_CREDENTIALS, configureHttp, finishApiDocument, withBearerAuth, type AccessCredentials } from '@hourglass/access';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { DomainErrorFilter } from '@hourglass/platform';
import { HourglassModule } from './app.module';

export interface StartedServer {
  app: INestApplication;
  url: string;
  /** The admin token `serve` made (or found) in the data directory; null when a tokens file is configured. */
  adminToken: string | null;
}

/** Boots all modules and serves HTTP; `app.close()` finishes the batch in hand, acks it, drains NATS. */
export async function startServer(config: HourglassConfig, options: { logLevels?: LogLevel[]; clock?: Clock } = {}): Promise<StartedServer> {
  const app = await NestFactory.create<NestExpressApplication>(HourglassModule.forRoot(config, options.clock), {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
  });
  configureHttp(app, config);
  app.useGlobalFilters(new DomainErrorFilter());
  const described = withBearerAuth(
    new DocumentBuilder().setTitle('Hourglass').setDescription('Usage metering, rating and settlement for GPU marketplaces').setVersion('v1'),
  ).build();
  const document = finishApiDocument(SwaggerModule.createDocument(app, described));
  SwaggerModule.setup('v1/docs', app, document, { jsonDocumentUrl: 'v1/openapi.json' });
  await app.listen(config.httpPort, config.httpHost);
  // Longer than the usual 60 s idle timeout of clients and load balancers, so they close first.
  app.getHttpServer().keepAliveTimeout = 65_000;
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const { adminToken } = app.get<AccessCredentials>(ACCESS_CREDENTIALS);
  new Logger('Hourglass').log(`serving on ${url} (ClickHouse: ${config.clickhouseUrl ?? `embedded chDB at ${config.dataDir}`})`);
  if (adminToken) new Logger('Hourglass').log(`no HOURGLASS_API_TOKENS_FILE: the admin token is in ${config.access.adminTokenFile}`);
  return { app, url, adminToken };
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

import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HourglassConfig } from '../../../libs/config/src';
import { DomainErrorFilter } from '../../../libs/platform/src/domain-error.filter';
import { HourglassModule } from './app.module';

export interface StartedServer {
  app: INestApplication;
  url: string;
}

/** Boots all modules, serves HTTP, and closes cleanly on SIGTERM/SIGINT (acks flushed, NATS drained). */
export async function startServer(config: HourglassConfig, options: { logLevels?: LogLevel[] } = {}): Promise<StartedServer> {
  const app = await NestFactory.create<NestExpressApplication>(HourglassModule.forRoot(config), {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
  });
  app.useBodyParser('json', { limit: '50mb' });
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
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
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  new Logger('Hourglass').log(`serving on ${url} (ClickHouse: ${config.clickhouseUrl ?? `embedded chDB at ${config.dataDir}`})`);
  return { app, url };
}

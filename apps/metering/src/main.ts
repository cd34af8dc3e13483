import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp } from '@hourglass/access';
import { DomainErrorFilter } from '@hourglass/platform';
import { loadConfig } from '@hourglass/config';
import { MeteringAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouseUrl) {
    new Logger('metering').warn('embedded ClickHouse holds one data directory per process: run one replica, or set CLICKHOUSE_URL');
  }
  const app = await NestFactory.create<NestExpressApplication>(MeteringAppModule.forRoot(config));
  configureHttp(app, config);
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.httpPort, config.httpHost);
}

main().catch((error: Error) => {
  process.stderr.write(`metering: ${error.message}\n`);
  process.exit(1);
});

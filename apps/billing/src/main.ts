import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttp } from '@hourglass/access';
import { DomainErrorFilter } from '@hourglass/platform';
import { loadConfig } from '@hourglass/config';
import { BillingAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouseUrl) throw new Error('the billing app alone needs a ClickHouse server: set CLICKHOUSE_URL, or run `hourglass serve`');
  const app = await NestFactory.create<NestExpressApplication>(BillingAppModule.forRoot(config));
  configureHttp(app, config);
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.httpPort, config.httpHost);
}

main().catch((error: Error) => {
  process.stderr.write(`billing: ${error.message}\n`);
  process.exit(1);
});

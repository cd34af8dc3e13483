import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@hourglass/config';
import { BillingAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouseUrl) throw new Error('the billing app alone needs a ClickHouse server: set CLICKHOUSE_URL, or run `hourglass serve`');
  const app = await NestFactory.create(BillingAppModule.forRoot(config));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.httpPort, process.env.HOURGLASS_HTTP_HOST ?? '0.0.0.0');
}

main().catch((error: Error) => {
  process.stderr.write(`billing: ${error.message}\n`);
  process.exit(1);
});

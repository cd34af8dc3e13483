import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@hourglass/config';
import { MeteringAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouseUrl) {
    new Logger('metering').warn('embedded ClickHouse holds one data directory per process: run one replica, or set CLICKHOUSE_URL');
  }
  const app = await NestFactory.create(MeteringAppModule.forRoot(config));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(config.httpPort, process.env.HOURGLASS_HTTP_HOST ?? '0.0.0.0');
}

main().catch((error: Error) => {
  process.stderr.write(`metering: ${error.message}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { loadConfig } from '@hourglass/config';
import { bootstrapHttp, closeOnSignals } from '@hourglass/platform';
import { METERING_APP_MODULES, MeteringAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouse.url) {
    new Logger('metering').warn('embedded ClickHouse holds one data directory per process: run one replica, or set CLICKHOUSE_URL');
  }
  const { app } = await bootstrapHttp(MeteringAppModule.forRoot(config), config, { name: 'metering', modules: METERING_APP_MODULES, edge: ACCESS_HTTP_EDGE });
  closeOnSignals(app, 'metering');
}

main().catch((error: Error) => {
  process.stderr.write(`metering: ${error.message}\n`);
  process.exit(1);
});

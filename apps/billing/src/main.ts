import 'reflect-metadata';
import { ACCESS_HTTP_EDGE } from '@hourglass/access';
import { loadConfig } from '@hourglass/config';
import { bootstrapHttp, closeOnSignals } from '@hourglass/platform';
import { BILLING_APP_MODULES, BillingAppModule } from './app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.clickhouse.url) throw new Error('the billing app alone needs a ClickHouse server: set CLICKHOUSE_URL, or run `hourglass serve`');
  const { app } = await bootstrapHttp(BillingAppModule.forRoot(config), config, { name: 'billing', modules: BILLING_APP_MODULES, edge: ACCESS_HTTP_EDGE });
  closeOnSignals(app, 'billing');
}

main().catch((error: Error) => {
  process.stderr.write(`billing: ${error.message}\n`);
  process.exit(1);
});

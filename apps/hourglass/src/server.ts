import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel, type ModuleMetadata } from '@nestjs/common';
import { ACCESS_CREDENTIALS, ACCESS_HTTP_EDGE, type AccessCredentials } from '@hourglass/access';
import { loadFaultSwitches, type HourglassConfig } from '@hourglass/config';
import { bootstrapHttp, closeOnSignals, type PlatformOptions } from '@hourglass/platform';
import { HOURGLASS_MODULES, HourglassModule } from './app.module';

export interface StartedServer {
  app: INestApplication;
  url: string;
  /** The admin token `serve` made (or found) in the data directory; null when a tokens file is configured. */
  adminToken: string | null;
}

/** Boots all modules and serves HTTP; `app.close()` finishes the batch in hand, acks it, drains NATS. */
export async function startServer(config: HourglassConfig, options: PlatformOptions & { logLevels?: LogLevel[]; imports?: NonNullable<ModuleMetadata['imports']> } = {}): Promise<StartedServer> {
  const { logLevels, imports, ...platform } = options;
  const { app, url } = await bootstrapHttp(HourglassModule.forRoot(config, platform, imports), config, { name: 'Hourglass', modules: HOURGLASS_MODULES, logLevels, edge: ACCESS_HTTP_EDGE });
  const { adminToken } = app.get<AccessCredentials>(ACCESS_CREDENTIALS);
  if (adminToken) new Logger('Hourglass').log(`no HOURGLASS_API_TOKENS_FILE: the admin token is in ${config.access.adminTokenFile}`);
  return { app, url, adminToken };
}

/** `hourglass serve`: on SIGTERM or SIGINT, close gracefully and exit 0 (1 if closing failed). */
export async function serveUntilSignalled(config: HourglassConfig): Promise<void> {
  // Fault switches are honoured only when a fault test sets HOURGLASS_TEST_FAULTS=1.
  const { app } = await startServer(config, { faults: loadFaultSwitches() });
  closeOnSignals(app, 'hourglass');
}

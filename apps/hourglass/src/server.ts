import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { loadFaultSwitches, type HourglassConfig } from '@hourglass/config';
import { bootstrapHttp, closeOnSignals, type PlatformOptions } from '@hourglass/platform';
import { HOURGLASS_MODULES, HourglassModule } from './app.module';

export interface StartedServer {
  app: INestApplication;
  url: string;
}

/** Boots all modules and serves HTTP; `app.close()` finishes the batch in hand, acks it, drains NATS. */
export async function startServer(config: HourglassConfig, options: PlatformOptions & { logLevels?: LogLevel[] } = {}): Promise<StartedServer> {
  const { logLevels, ...platform } = options;
  return bootstrapHttp(HourglassModule.forRoot(config, platform), config, { name: 'Hourglass', modules: HOURGLASS_MODULES, logLevels });
}

/** `hourglass serve`: on SIGTERM or SIGINT, close gracefully and exit 0 (1 if closing failed). */
export async function serveUntilSignalled(config: HourglassConfig): Promise<void> {
  // Fault switches are honoured only when a fault test sets HOURGLASS_TEST_FAULTS=1.
  const { app } = await startServer(config, { faults: loadFaultSwitches() });
  closeOnSignals(app, 'hourglass');
}

import type { DynamicModule } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { loadConfig, type HourglassConfig } from '@hourglass/config';
import type { ModuleManifest } from '@hourglass/kernel';
import { bootstrapHttp, closeOnSignals, type HttpEdge } from './bootstrap';

/** One module app under apps/: what it composes and whether it can run on embedded chDB. */
export interface ModuleAppSpec {
  name: string;
  root(config: HourglassConfig): DynamicModule;
  modules: readonly ModuleManifest[];
  edge?: HttpEdge;
  /**
   * `required`: refuses to start without CLICKHOUSE_URL (its data lives beside other apps'); `warn`:
   * starts on embedded chDB, which one process holds, so only one replica can.
   */
  clickhouseServer: 'required' | 'warn';
}

/**
 * The whole life of a module app: configuration from the environment, the shared bootstrap, graceful
 * shutdown on SIGTERM, and a one-line error with exit 1 when it cannot start.
 */
export function runModuleApp(spec: ModuleAppSpec): void {
  const start = async (): Promise<void> => {
    const config = loadConfig();
    if (!config.clickhouse.url) {
      const alone = `the ${spec.name} app shares its store with the other apps through a ClickHouse server`;
      if (spec.clickhouseServer === 'required') throw new Error(`${alone}: set CLICKHOUSE_URL, or run every module in one process with \`hourglass serve\``);
      new Logger(spec.name).warn('embedded ClickHouse holds one data directory per process: run one replica, or set CLICKHOUSE_URL');
    }
    const { app } = await bootstrapHttp(spec.root(config), config, { name: spec.name, modules: spec.modules, edge: spec.edge });
    closeOnSignals(app, spec.name);
  };
  start().catch((error: Error) => {
    process.stderr.write(`${spec.name}: ${error.message}\n`);
    process.exit(1);
  });
}

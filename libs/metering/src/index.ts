export * from './ports';
export * from './metering.service';
export * from './metering.module';
export * from './usage-consumer';
export * from './adapters/clickhouse-usage-outcome.repository';
export * from './metering.manifest';
export * from './rejections-replay.service';
export { RedisDedupStore } from './adapters/redis-dedup.store';

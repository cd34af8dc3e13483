export * from './domain';
export * from './ports';
export * from './usage-query.service';
export * from './usage.module';
export { usagePageSql } from './adapters/usage.sql';
export * from './usage.manifest';
export { ClickHouseUsageRepository } from './adapters/clickhouse-usage.repository';

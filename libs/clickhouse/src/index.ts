export * from './clickhouse-client.factory';
export * from './query';
export * from './migrator';
export * from './migrations';
export * from './instance-id';

export * from './domain/payout-statements';
export * from './ports';
export * from './payouts.tokens';
export * from './record-payout-statements';
export * from './payouts.module';
export * from './adapters/clickhouse-payout-statement.repository';
export * from './payouts.manifest';

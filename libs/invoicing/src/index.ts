export * from './ports';
export * from './billing-run.service';
export * from './invoicing.module';
export * from './adapters/clickhouse-billing.repository';
export * from './billing-events';
export * from './invoicing.manifest';

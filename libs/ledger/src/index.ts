export * from './domain';
export * from './ports';
export * from './ledger-posting.job';
export * from './ledger-query.service';
export * from './ledger.module';
export * from './adapters/clickhouse-ledger.store';
export * from './adapters/clickhouse-invoicing-facts.source';
export * from './adapters/fact-appender';

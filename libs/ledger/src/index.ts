export * from './domain';
export * from './ports';
export * from './ledger-posting.job';
export * from './ledger-query.service';
export * from './ledger.module';

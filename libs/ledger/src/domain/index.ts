export * from './accounts';
export * from './transaction';
export * from './balances';
export * from './templates';
export * from './txn-ids';

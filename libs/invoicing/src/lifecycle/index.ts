export * from './lifecycle-context';
export * from './change-invoice-status.use-case';
export * from './issue-credit-note.use-case';
export * from './grant-credit.use-case';
export * from './credit-balances.query';

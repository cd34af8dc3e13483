export * from './config';
export * from './access-config';
export * from './fault-switches';
export * from './payments-config';
export * from './reconciliation-config';

export * from './config';
export * from './access-config';
export * from './fault-switches';
export * from './payments-config';
export * from './webhooks-config';
export * from './risk-config';
export * from './payouts-config';
export * from './dunning-config';

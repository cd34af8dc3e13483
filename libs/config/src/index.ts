export * from './config';
export * from './fault-switches';
export * from './payments-config';

export * from './config';
export * from './fault-switches';

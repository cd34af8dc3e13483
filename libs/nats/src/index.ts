export * from './nats-connection';
export * from './streams';
export * from './batch-consumer';

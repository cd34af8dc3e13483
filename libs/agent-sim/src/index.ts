export * from './args';
export * from './publisher';
export * from './adapters/nats-agent-sim';
export * from './expected-tally';

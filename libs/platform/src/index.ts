export * from './tokens';
export * from './platform.module';
export * from './platform.providers';

export * from './local-services';
export * from './domain-error.filter';
export * from './outbox-relay.job';

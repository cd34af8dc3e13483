export * from './tokens';
export * from './platform.module';
export * from './platform.providers';
export * from './bootstrap';

export * from './local-services';
export * from './outbox-relay.job';
export * from './platform.manifest';
export { REQUEST_ID_HEADER, resolveLogFormat } from './logging';
export * from './run-app';
export { watchRedis } from './dependency-watch';

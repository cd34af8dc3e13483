export * from './redis-client.factory';

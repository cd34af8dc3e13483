export * from './config';
export * from './access-config';

export * from './usage-query';
export * from './bounds';
export * from './cursor';
export * from './present';

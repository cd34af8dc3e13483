export * from './allocate';
export * from './currencies';
export * from './decimal';
export * from './errors';
export * from './round';
export * from './split';

export * from './constants';
export * from './span';
export * from './hours';
export * from './period';

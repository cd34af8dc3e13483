export * from './policy';
export * from './schedule';
export * from './case';
export * from './suspension';
export * from './messages';
export * from './errors';

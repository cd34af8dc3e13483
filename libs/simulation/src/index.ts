export * from './prng';
export * from './fleet';
export * from './usage-generator';
export * from './expected-usage';
export * from './covered-time-oracle';

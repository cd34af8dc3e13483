export * from './calendar';
export * from './errors';
export * from './invoice-lines';
export * from './line';
export * from './price-versions';
export * from './quantity';
export * from './rate/flat';
export * from './rate/graduated';
export * from './rate/minimum';
export * from './rate/package';
export * from './rate/rate-model';
export * from './rate/tiers';
export * from './rate/volume';
export * from './reserved';

export * from './tier-attribution';
export * from './types';

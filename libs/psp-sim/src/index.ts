export * from './psp-sim.server';
export * from './stripe-sim';
export * from './adyen-sim';
export * from './webhook-sender';

export * from './facts';
export * from './errors';
export * from './minor-units';
export * from './invoice-balance';
export * from './dispute-status';
export * from './adyen-hmac';
export * from './stripe-events';
export * from './adyen-notifications';

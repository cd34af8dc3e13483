export * from './invoice';
export * from './billed-keys';
export * from './compose-invoices';
export * from './apply-credits';
export * from './payout-statements';
export * from './period-due';

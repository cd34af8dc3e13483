export * from './amounts';
export * from './invoicing';
export * from './payments';
export * from './disputes';
export * from './payouts';
export * from './reconciliation';

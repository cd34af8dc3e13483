export * from './in-memory-invoice-lifecycle.repository';
export * from './in-memory-idempotency.store';
export * from './in-memory-lock';
export * from './counting-id.generator';

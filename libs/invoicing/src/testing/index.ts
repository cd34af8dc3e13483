export * from './in-memory-invoice-lifecycle.repository';
export * from './in-memory-idempotency.store';
export * from './counting-id.generator';
export * from './in-memory-billing.repository';
export * from './issued-invoice.fixture';

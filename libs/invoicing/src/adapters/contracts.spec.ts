import { InMemoryBillingRepository, InMemoryIdempotencyStore, InMemoryInvoiceLifecycleRepository } from '../testing';
import { describeBillingRepositoryContract } from './billing.repository.contract';
import { describeIdempotencyStoreContract } from './idempotency.store.contract';
import { describeInvoiceLifecycleRepositoryContract } from './invoice-lifecycle.repository.contract';

// The same suites run against the ClickHouse adapters in tests/integration/invoicing-contracts.test.ts.
describeInvoiceLifecycleRepositoryContract('in memory', async () => {
  const repository = new InMemoryInvoiceLifecycleRepository();
  return {
    repository,
    async issue(invoice, status) {
      repository.seedInvoice({ invoiceId: invoice.invoiceId, number: invoice.number, customerId: invoice.customerId, currency: invoice.currency, total: invoice.total.toFixed(), status });
      for (const line of invoice.lines) {
        if (line.kind === 'credit') repository.applied.set(line.creditGrantId, line.amount.neg().plus(repository.applied.get(line.creditGrantId) ?? '0').toFixed());
      }
    },
  };
});
describeIdempotencyStoreContract('in memory', async () => new InMemoryIdempotencyStore());
describeBillingRepositoryContract('in memory', async () => new InMemoryBillingRepository());

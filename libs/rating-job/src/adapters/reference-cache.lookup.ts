import type { Customer, PriceBookVersion, Rental } from '@hourglass/contracts';
import type { ReferenceCache } from '@hourglass/reference';
import type { ReferenceLookup } from '../ports';

/** The rating job reads the process's reference cache, the same one metering and billing read. */
export class ReferenceCacheLookup implements ReferenceLookup {
  constructor(private readonly cache: ReferenceCache) {}

  rental(rentalId: string): Rental | undefined {
    return this.cache.rental(rentalId);
  }

  customer(customerId: string): Customer | undefined {
    return this.cache.customer(customerId);
  }

  versions(priceBookId: string): readonly PriceBookVersion[] {
    return this.cache.priceBookVersions(priceBookId);
  }

  priceBooks(): ReadonlyMap<string, readonly PriceBookVersion[]> {
    const books = new Map<string, PriceBookVersion[]>();
    for (const v of this.cache.allPriceBooks()) books.set(v.priceBookId, [...(books.get(v.priceBookId) ?? []), v]);
    return books;
  }

  rentalsOnBook(priceBookId: string): string[] {
    return this.cache
      .allRentals()
      .filter((r) => r.priceBookId === priceBookId)
      .map((r) => r.rentalId)
      .sort();
  }

  customersWithCreditLimit(): Customer[] {
    return this.cache.allCustomers().filter((c) => c.creditLimit !== null);
  }
}

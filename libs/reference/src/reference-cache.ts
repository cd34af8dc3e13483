import type { Customer, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';
import type { ReferenceSnapshot } from './ports';

export type ApplyOutcome = 'applied' | 'unchanged' | 'stale' | 'conflict';

/**
 * The in-process view of reference data. A newer document with the same key replaces the older one
 * (`updatedAt` for rentals and customers); price book versions never change once published, so a
 * different document under a known (priceBookId, version) is a conflict, not a replacement.
 */
export class ReferenceCache {
  private readonly rentals = new Map<string, Rental>();
  private readonly customers = new Map<string, Customer>();
  private readonly priceBooks = new Map<string, PriceBookVersion[]>();

  load(snapshot: ReferenceSnapshot): void {
    for (const r of snapshot.rentals) this.rentals.set(r.rentalId, r);
    for (const c of snapshot.customers) this.customers.set(c.customerId, c);
    for (const p of snapshot.priceBooks) this.apply({ kind: 'priceBook', doc: p });
  }

  /** What applying `document` would do, without doing it. */
  classify(document: ReferenceDocument): ApplyOutcome {
    switch (document.kind) {
      case 'rental': {
        const current = this.rentals.get(document.doc.rentalId);
        if (!current) return 'applied';
        if (document.doc.updatedAtMs > current.updatedAtMs) return 'applied';
        return document.doc.updatedAtMs === current.updatedAtMs && sameJson(current, document.doc) ? 'unchanged' : 'stale';
      }
      case 'customer': {
        const current = this.customers.get(document.doc.customerId);
        if (!current) return 'applied';
        if (document.doc.updatedAtMs > current.updatedAtMs) return 'applied';
        return document.doc.updatedAtMs === current.updatedAtMs && sameJson(current, document.doc) ? 'unchanged' : 'stale';
      }
      case 'priceBook': {
        const known = this.priceBooks.get(document.doc.priceBookId)?.find((v) => v.version === document.doc.version);
        if (!known) return 'applied';
        return sameJson(known, document.doc) ? 'unchanged' : 'conflict';
      }
    }
  }

  apply(document: ReferenceDocument): ApplyOutcome {
    const outcome = this.classify(document);
    if (outcome !== 'applied') return outcome;
    switch (document.kind) {
      case 'rental':
        this.rentals.set(document.doc.rentalId, document.doc);
        break;
      case 'customer':
        this.customers.set(document.doc.customerId, document.doc);
        break;
      case 'priceBook': {
        const versions = [...(this.priceBooks.get(document.doc.priceBookId) ?? []), document.doc];
        versions.sort((a, b) => a.version - b.version);
        this.priceBooks.set(document.doc.priceBookId, versions);
        break;
      }
    }
    return outcome;
  }

  rental(rentalId: string): Rental | undefined {
    return this.rentals.get(rentalId);
  }

  customer(customerId: string): Customer | undefined {
    return this.customers.get(customerId);
  }

  priceBookVersions(priceBookId: string): readonly PriceBookVersion[] {
    return this.priceBooks.get(priceBookId) ?? [];
  }

  allRentals(): Rental[] {
    return [...this.rentals.values()];
  }

  allCustomers(): Customer[] {
    return [...this.customers.values()];
  }

  allPriceBooks(): PriceBookVersion[] {
    return [...this.priceBooks.values()].flat();
  }

  counts(): { rentals: number; customers: number; priceBookVersions: number } {
    return { rentals: this.rentals.size, customers: this.customers.size, priceBookVersions: this.allPriceBooks().length };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

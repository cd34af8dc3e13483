import type { Customer, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';

export interface ReferenceSnapshot {
  rentals: Rental[];
  customers: Customer[];
  priceBooks: PriceBookVersion[];
}

/** Versioned facts: every accepted document is appended; nothing is updated in place. */
export interface ReferenceRepository {
  append(documents: readonly ReferenceDocument[], receivedAtMs: number): Promise<void>;
  /** The newest version of each rental and customer, and every price book version. */
  loadCurrent(): Promise<ReferenceSnapshot>;
  /** Every version of one rental, oldest first (reserved upgrades are priced from the history). */
  rentalHistory(rentalId: string): Promise<Rental[]>;
}

/** Fan-out of accepted documents to other instances (the REF stream). */
export interface ReferencePublisher {
  publish(kind: ReferenceDocument['kind'], raw: unknown): Promise<void>;
}

import type { Customer, OutboxMessage, PriceBookVersion, ReferenceDocument, Rental } from '@hourglass/contracts';

export interface ReferenceSnapshot {
  rentals: Rental[];
  customers: Customer[];
  priceBooks: PriceBookVersion[];
}

/** Versioned facts: every accepted document is appended; nothing is updated in place. */
export interface ReferenceRepository {
  /**
   * Appends the documents, and the announcements of them to other instances to the outbox in the same
   * write path (none for documents that came from the REF stream: every instance has those already).
   */
  append(documents: readonly ReferenceDocument[], receivedAtMs: number, announcements?: readonly OutboxMessage[]): Promise<void>;
  /** The newest version of each rental and customer, and every price book version. */
  loadCurrent(): Promise<ReferenceSnapshot>;
  /** Every version of one rental, oldest first (reserved upgrades are priced from the history). */
  rentalHistory(rentalId: string): Promise<Rental[]>;
}

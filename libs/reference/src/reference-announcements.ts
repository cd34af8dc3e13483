import type { OutboxMessage, ReferenceDocument } from '@hourglass/contracts';

export const REFERENCE_SUBJECTS: Record<ReferenceDocument['kind'], string> = {
  rental: 'ref.v1.rentals',
  customer: 'ref.v1.customers',
  priceBook: 'ref.v1.pricebooks',
};

const KIND_OF_SUBJECT = new Map(Object.entries(REFERENCE_SUBJECTS).map(([kind, subject]) => [subject, kind as ReferenceDocument['kind']]));

/** The kind of document a REF subject carries; undefined for subjects of other owners (ref.v1.operators). */
export function kindOfSubject(subject: string): ReferenceDocument['kind'] | undefined {
  return KIND_OF_SUBJECT.get(subject);
}

/** Names one version of one document: the same version announced twice is one message. */
export function referenceVersionId(document: ReferenceDocument): string {
  switch (document.kind) {
    case 'rental':
      return `ref.rental:${document.doc.rentalId}:${document.doc.updatedAtMs}`;
    case 'customer':
      return `ref.customer:${document.doc.customerId}:${document.doc.updatedAtMs}`;
    case 'priceBook':
      return `ref.priceBook:${document.doc.priceBookId}:${document.doc.version}`;
  }
}

/**
 * The document as the control plane sent it (the REF consumer of every instance parses it as such),
 * on the subject of its kind, for the outbox relay to publish.
 */
export function referenceAnnouncement(document: ReferenceDocument, raw: unknown): OutboxMessage {
  return { id: referenceVersionId(document), subject: REFERENCE_SUBJECTS[document.kind], payload: JSON.stringify(raw) };
}

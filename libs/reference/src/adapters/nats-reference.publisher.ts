import type { JetStreamClient } from 'nats';
import type { ReferenceDocument } from '@hourglass/contracts';
import type { ReferencePublisher } from '../ports';

export const REFERENCE_SUBJECTS: Record<ReferenceDocument['kind'], string> = {
  rental: 'ref.v1.rentals',
  customer: 'ref.v1.customers',
  priceBook: 'ref.v1.pricebooks',
};

export class NatsReferencePublisher implements ReferencePublisher {
  constructor(private readonly js: JetStreamClient) {}

  async publish(kind: ReferenceDocument['kind'], raw: unknown): Promise<void> {
    await this.js.publish(REFERENCE_SUBJECTS[kind], JSON.stringify(raw));
  }
}

import { DomainError } from '@hourglass/contracts';

export type DisputesReason = 'dispute_not_found' | 'dispute_closed' | 'invalid_idempotency_key' | 'provider_not_configured' | 'invalid_query' | 'invalid_cursor' | 'invalid_limit';

export class DisputesError extends DomainError {
  constructor(reason: DisputesReason, message: string) {
    super(reason, message);
  }
}

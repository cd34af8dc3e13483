import { DomainError } from '@hourglass/contracts';

export type DunningReason = 'invalid_state' | 'invalid_limit' | 'invalid_cursor';

/** A refusal of the dunning API; the shared filter maps the reason to its HTTP status. */
export class DunningError extends DomainError {
  constructor(
    override readonly reason: DunningReason,
    message: string,
  ) {
    super(reason, message);
  }
}

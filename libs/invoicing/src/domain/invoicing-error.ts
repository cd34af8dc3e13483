import { DomainError } from '@hourglass/contracts';

/**
 * Why invoicing refused a request. The codes are public (HTTP bodies, CLI exit codes key on them);
 * the HTTP status for each is the kernel's reason table's (REASON_STATUS), never decided here.
 */
export type InvoicingRefusal =
  | 'invoice_not_found'
  | 'credit_note_not_found'
  | 'invalid_transition'
  | 'invalid_amount'
  | 'invalid_grant'
  | 'idempotency_key_reused'
  | 'invalid_idempotency_key'
  | 'busy';

export class InvoicingError extends DomainError {
  constructor(
    override readonly reason: InvoicingRefusal,
    message: string,
  ) {
    super(reason, message);
  }
}

/**
 * Why invoicing refused a request. The codes are public (HTTP bodies, CLI exit codes key on them);
 * the HTTP status for each is decided at the edge (invoicing.controller.ts), never here.
 */
export type InvoicingRefusal =
  | 'invoice_not_found'
  | 'invalid_transition'
  | 'invalid_amount'
  | 'invalid_grant'
  | 'idempotency_key_reused'
  | 'invalid_idempotency_key'
  | 'busy';

export class InvoicingError extends Error {
  constructor(
    readonly reason: InvoicingRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'InvoicingError';
  }
}

import { DomainError } from '@hourglass/contracts';

/** Refusals of the payments module, each with its reason code (the edge maps them to HTTP). */
export type PaymentsReason =
  | 'invalid_signature'
  | 'invalid_payload'
  | 'invalid_amount'
  | 'invalid_reference'
  | 'unknown_currency'
  | 'invoice_not_found'
  | 'invoice_not_payable'
  | 'reference_conflict'
  | 'payment_not_found'
  | 'provider_not_configured'
  | 'provider_error'
  | 'not_supported';

/** A DomainError: the shared filter answers it with the status of its reason (kernel's table). */
export class PaymentsError extends DomainError {
  constructor(
    override readonly reason: PaymentsReason,
    message: string,
  ) {
    super(reason, message);
  }
}

/**
 * The one table from reason code to HTTP status. Domain code throws a DomainError with a reason and
 * never names a status; the exception filter looks the reason up here. A reason missing from the
 * table answers 422: a refusal of a well-formed request is the common case, and the spec beside this
 * file holds the codes clients already rely on to their status.
 */
export const REASON_STATUS: Readonly<Record<string, number>> = Object.freeze({
  // The request itself is malformed or names something that is not a value.
  bad_request: 400,
  invalid_json: 400,
  invalid_period: 400,
  invalid_amount: 400,
  invalid_grant: 400,
  invalid_idempotency_key: 400,
  invalid_document: 400,
  unknown_currency: 400,
  not_read_only: 400,
  usage_error: 400,
  query_failed: 400,
  query_not_allowed: 400,
  invalid_query: 400,
  query_too_large: 400,
  invalid_cursor: 400,
  query_limit_exceeded: 400,
  // Payments: a webhook whose signature does not verify, a bad payment request.
  invalid_signature: 400,
  invalid_payload: 400,
  invalid_reference: 400,
  unknown_account: 400,
  invalid_limit: 400,
  // Risk: a screening request, a list file or a signal query that is not what it should be.
  invalid_screening_request: 400,
  invalid_sanctions_list: 400,
  invalid_signal_query: 400,
  invalid_state: 400,
  unauthenticated: 401,
  forbidden: 403,
  // What the request names does not exist.
  not_found: 404,
  invoice_not_found: 404,
  credit_note_not_found: 404,
  customer_not_found: 404,
  unknown_rental: 404,
  unknown_customer: 404,
  unknown_price_book: 404,
  payment_not_found: 404,
  screening_case_not_found: 404,
  dispute_not_found: 404,
  method_not_allowed: 405,
  // The request is fine, but the state of things refuses it now: retry later or change the state.
  conflict: 409,
  billing_run_in_progress: 409,
  lost_billing_lock: 409,
  busy: 409,
  invalid_transition: 409,
  idempotency_key_reused: 409,
  price_book_version_conflict: 409,
  invoice_not_payable: 409,
  reference_conflict: 409,
  dispute_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // Well-formed, but the domain refuses it as it stands.
  unprocessable: 422,
  period_not_ended: 422,
  missing_rate: 422,
  unpriced_usage: 422,
  currency_mismatch: 422,
  invalid_price_book: 422,
  invalid_rental: 422,
  invalid_rate: 422,
  rate_limited: 429,
  internal: 500,
  invalid_config: 500,
  not_supported: 501,
  provider_error: 502,
  provider_not_configured: 503,
  // A posting template built what no ledger may hold: a programmer error, never stored.
  unbalanced_transaction: 500,
  invalid_posting_input: 500,
  unavailable: 503,
  publish_failed: 503,
  audit_unavailable: 503,
});

/** The status a DomainError's reason answers with. */
export function statusForReason(reason: string): number {
  return Object.hasOwn(REASON_STATUS, reason) ? REASON_STATUS[reason]! : 422;
}

/** The reason for an HTTP error that carried none of its own (Nest's 404 for an unknown route, …). */
export function reasonForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}

/**
 * Why customers dispute, in categories a GPU marketplace can act on; the processor's own reason is
 * kept beside it. Stripe sends one of its reason codes; Adyen sends the scheme's reason text (and,
 * where configured, a code such as "10.4" or "4837"), so Adyen is matched by keywords and scheme codes.
 *
 * - `fraud`: the cardholder says they did not make the payment (stolen card, account takeover).
 * - `service_not_received`: paid for GPU time that was not delivered.
 * - `service_disputed`: delivered, but not as described or of unacceptable quality.
 * - `billing_error`: duplicate charge, wrong amount, a promised credit or refund not processed.
 * - `cancelled`: charged after cancelling (a reserved term's renewal, a recurring charge).
 * - `unrecognized`: the cardholder does not recognise the charge on the statement.
 * - `processing`: authorisation or presentment problems on the processing side.
 * - `other`: anything else, and a missing reason.
 */
export type RootCause = 'fraud' | 'service_not_received' | 'service_disputed' | 'billing_error' | 'cancelled' | 'unrecognized' | 'processing' | 'other';

export const ROOT_CAUSES: readonly RootCause[] = ['fraud', 'service_not_received', 'service_disputed', 'billing_error', 'cancelled', 'unrecognized', 'processing', 'other'];

const STRIPE: Readonly<Record<string, RootCause>> = {
  fraudulent: 'fraud',
  product_not_received: 'service_not_received',
  product_unacceptable: 'service_disputed',
  duplicate: 'billing_error',
  credit_not_processed: 'billing_error',
  incorrect_account_details: 'billing_error',
  subscription_canceled: 'cancelled',
  unrecognized: 'unrecognized',
  bank_cannot_process: 'processing',
  check_returned: 'processing',
  debit_not_authorized: 'processing',
  insufficient_funds: 'processing',
  customer_initiated: 'other',
  general: 'other',
};

/** Keyword patterns over Adyen's reason text, first match wins; scheme codes (Visa 10.x/13.x, Mastercard 48xx). */
const ADYEN: ReadonlyArray<[RegExp, RootCause]> = [
  [/fraud|not authori[sz]ed by cardholder|no cardholder authori[sz]ation|\b10\.[1-5]\b|\b4837\b|\b4863\b|\b4870\b|\b4871\b/i, 'fraud'],
  [/not (provided|received)|non-?receipt|\b13\.1\b|\b4855\b/i, 'service_not_received'],
  [/not as described|defective|quality|\b13\.3\b|\b13\.5\b|\b4853\b/i, 'service_disputed'],
  [/duplicate|incorrect amount|credit not processed|paid by other means|\b12\.[4-6]\b|\b13\.6\b|\b4834\b|\b4860\b/i, 'billing_error'],
  [/cancel|recurring|\b13\.2\b|\b13\.7\b|\b4841\b/i, 'cancelled'],
  [/unrecogni[sz]ed|not recogni[sz]ed|\b4863\b/i, 'unrecognized'],
  [/authori[sz]ation|late presentment|expired card|\b11\.\d\b|\b12\.[1-3]\b|\b4808\b|\b4842\b/i, 'processing'],
];

export function rootCause(provider: string, reason: string): RootCause {
  const r = reason.trim();
  if (!r) return 'other';
  if (provider === 'stripe') return STRIPE[r] ?? 'other';
  return ADYEN.find(([pattern]) => pattern.test(r))?.[1] ?? 'other';
}

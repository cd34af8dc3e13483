/**
 * How a transaction id is derived from the fact that caused it: a prefix per business event and the
 * fact's own id. The posting job's queries use the same prefixes to find the facts not yet posted, so
 * they must never change once a transaction was written with them.
 */
export const TXN_PREFIX = {
  invoiceFinalized: 'inv-finalized:',
  creditApplied: 'credit-applied:',
  creditNote: 'credit-note:',
  invoiceVoided: 'inv-voided:',
  paymentCaptured: 'payment-captured:',
  refund: 'refund:',
  customerCreditMoved: 'customer-credit:',
  pspSettlement: 'psp-settlement:',
  disputeOpened: 'dispute-opened:',
  disputeWon: 'dispute-won:',
  disputeLost: 'dispute-lost:',
  payoutPaid: 'payout-paid:',
  reserveHeld: 'reserve-held:',
  reserveReleased: 'reserve-released:',
  operatorClawback: 'operator-clawback:',
  reversal: 'reversal-of:',
  breakWrittenOff: 'break-written-off:',
  pspSettled: 'psp-settled:',
} as const;

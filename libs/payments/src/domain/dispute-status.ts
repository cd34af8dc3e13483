import type { DisputeStatus } from './facts';

/**
 * Adyen's `additionalData.disputeStatus` where a notification carries it: more precise than the event
 * code (a CHARGEBACK may still be undefended, or already accepted or expired, i.e. lost).
 */
export function adyenDisputeStatus(disputeStatus: string | undefined): DisputeStatus | null {
  switch ((disputeStatus ?? '').toLowerCase()) {
    case 'undefended':
      return 'needs_response';
    case 'pending':
    case 'responded':
      return 'under_review';
    case 'won':
      return 'won';
    case 'lost':
    case 'accepted':
    case 'expired':
      return 'lost';
    default:
      return null;
  }
}

/**
 * Stripe's dispute statuses onto the four of CONTRACTS §6. An inquiry (`warning_*`) is treated as
 * the dispute it may become; `warning_closed` (the inquiry ended without a chargeback) and
 * `prevented` count as won: the money stayed.
 */
export function stripeDisputeStatus(status: string): DisputeStatus {
  switch (status) {
    case 'warning_needs_response':
    case 'needs_response':
      return 'needs_response';
    case 'warning_under_review':
    case 'under_review':
      return 'under_review';
    case 'won':
    case 'warning_closed':
    case 'prevented':
      return 'won';
    case 'lost':
      return 'lost';
    default:
      return 'needs_response';
  }
}

/**
 * Adyen's dispute notifications, in the order a dispute moves through them. NOTIFICATION_OF_CHARGEBACK
 * opens it and asks for defence; CHARGEBACK debits the funds while the issuer decides; a reversal
 * returns them. The issuer's second round comes only after a reversal: a second chargeback or a lost
 * pre-arbitration debits the funds again, for good; a won pre-arbitration leaves them where the
 * reversal put them (no movement). So the funds of any complete flow net to the disputed amount when
 * lost and to zero when won, which the ledger's dispute postings rely on.
 */
export const ADYEN_DISPUTE_EVENTS: Readonly<Record<string, { status: DisputeStatus; funds: 'withdrawn' | 'reinstated' | '' }>> = {
  NOTIFICATION_OF_CHARGEBACK: { status: 'needs_response', funds: '' },
  CHARGEBACK: { status: 'under_review', funds: 'withdrawn' },
  CHARGEBACK_REVERSED: { status: 'won', funds: 'reinstated' },
  PREARBITRATION_WON: { status: 'won', funds: '' },
  SECOND_CHARGEBACK: { status: 'lost', funds: 'withdrawn' },
  PREARBITRATION_LOST: { status: 'lost', funds: 'withdrawn' },
};

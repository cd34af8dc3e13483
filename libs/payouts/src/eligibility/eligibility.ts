import type Big from 'big.js';
import { Dec, roundToMinor } from '@hourglass/money';

export type PayoutBasis = 'collected' | 'earned';
export type HoldReason = 'kyc' | 'sanctions' | 'below_minimum' | 'negative_balance';

/**
 * An operator's share of one invoice and what the customer has paid of it. Under the `collected`
 * basis only the paid fraction is eligible: share × min(1, paid / owed), rounded down to minor units
 * (never pay an operator a cent the customer has not paid), and the whole share once the invoice is
 * paid in full.
 */
export interface InvoiceShare {
  invoiceId: string;
  operatorId: string;
  currency: string;
  share: Big;
  /** What the customer owes on the invoice (total − credit notes). */
  owed: Big;
  /** What the customer has paid (refunds are clawed back explicitly, not here). */
  paid: Big;
}

export function collectedShare(s: Pick<InvoiceShare, 'share' | 'owed' | 'paid' | 'currency'>): Big {
  if (s.share.lte(0) || s.paid.lte(0)) return new Dec(0);
  // Owed nothing (void, or credited in full) and something paid: the payment covered it all.
  if (s.paid.gte(s.owed)) return s.share;
  return roundToMinor(s.share.times(s.paid).div(s.owed), s.currency, 'down');
}

export function eligibleShare(basis: PayoutBasis, s: InvoiceShare): Big {
  return basis === 'earned' ? s.share : collectedShare(s);
}

/** A rolling-reserve tranche: `pct` of the newly eligible `base` held until `releaseAtMs`. */
export interface ReserveTranche {
  reserveId: string;
  base: Big;
  amount: Big;
  heldAtMs: number;
  releaseAtMs: number;
  released: boolean;
}

export interface ReservePolicy {
  /** Fraction held, a decimal string in [0, 1), e.g. "0.10". */
  rate: string;
  holdMs: number;
}

/** Everything payouts knows about one operator in one currency when a batch is made. */
export interface OperatorPosition {
  operatorId: string;
  currency: string;
  /** Σ eligible shares (basis applied) of every invoice up to the run. */
  eligible: Big;
  /** Σ clawbacks (refund shares, lost disputes borne by the operator). */
  clawbacks: Big;
  /** Σ items scheduled or paid in earlier batches (failed and returned items are not counted). */
  paidOrInFlight: Big;
  tranches: readonly ReserveTranche[];
}

export interface PositionChecks {
  kycVerified: boolean;
  sanctioned: boolean;
  /** Smallest amount worth a transfer, in the item's currency. */
  minimum: Big;
}

export interface PlannedItem {
  operatorId: string;
  currency: string;
  amount: Big;
  status: 'scheduled' | 'held';
  holdReason: HoldReason | null;
  newTranche: ReserveTranche | null;
  releases: ReserveTranche[];
}

/**
 * One operator's item in a batch:
 *   releases     = tranches whose release date has passed
 *   newTranche   = round_down(rate × (eligible − Σ bases already reserved)), if that is positive
 *   reserved     = Σ amounts of unreleased tranches after this run (the new one included)
 *   available    = eligible − clawbacks − paidOrInFlight − reserved
 * The item pays `available` unless a hold applies: sanctions, then KYC, then a negative balance (a
 * clawback larger than what is owed: carried, netted against later earnings), then the minimum. A
 * held item pays nothing and changes nothing: its amount is owed again at the next run. Reserve
 * movements happen whether or not the item is held: they follow the earnings, not the transfer.
 */
export function planItem(
  position: OperatorPosition,
  policy: ReservePolicy,
  checks: PositionChecks,
  batchKey: string,
  nowMs: number,
): PlannedItem {
  const { currency } = position;
  const releases = position.tranches.filter((t) => !t.released && t.releaseAtMs <= nowMs);
  const reservedBase = position.tranches.reduce((s, t) => s.plus(t.base), new Dec(0));
  const base = position.eligible.minus(reservedBase);
  let newTranche: ReserveTranche | null = null;
  const trancheAmount = base.gt(0) ? roundToMinor(base.times(policy.rate), currency, 'down') : new Dec(0);
  // A tranche that rounds to nothing is not taken: its base stays unreserved and joins the next one.
  if (trancheAmount.gt(0)) {
    const amount = trancheAmount;
    newTranche = {
      reserveId: `${batchKey}:${position.operatorId}:${currency}`,
      base,
      amount,
      heldAtMs: nowMs,
      releaseAtMs: nowMs + policy.holdMs,
      released: false,
    };
  }
  const stillHeld = position.tranches.filter((t) => !t.released && t.releaseAtMs > nowMs).reduce((s, t) => s.plus(t.amount), new Dec(0));
  const reserved = stillHeld.plus(newTranche ? newTranche.amount : 0);
  const available = position.eligible.minus(position.clawbacks).minus(position.paidOrInFlight).minus(reserved);
  const holdReason: HoldReason | null = checks.sanctioned
    ? 'sanctions'
    : !checks.kycVerified
      ? 'kyc'
      : available.lt(0)
        ? 'negative_balance'
        : available.lt(checks.minimum) || available.eq(0)
          ? 'below_minimum'
          : null;
  return {
    operatorId: position.operatorId,
    currency,
    amount: available,
    status: holdReason ? 'held' : 'scheduled',
    holdReason,
    newTranche,
    releases,
  };
}

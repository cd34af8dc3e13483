import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { majorFromMinor } from './minor-units';

interface BalanceTransactionLike {
  id?: unknown;
  amount?: unknown;
  fee?: unknown;
}

/**
 * The dispute fee of one funds event, from the dispute's `balance_transactions` (Stripe lists every
 * balance movement of the dispute on it, so each event carries all of them so far): a withdrawal's
 * movements are the negative ones, a reinstatement's the positive ones. `fee` is what Stripe kept on
 * them (e.g. 15.00 USD on a withdrawal; −15.00 on a reinstatement that returns it, 0 when it does not).
 * `feeRef` names the movement, as the settlement report's `balance_transaction_id` does. A dispute
 * without balance transactions (not expanded, or none yet) has no fee here.
 */
export function stripeDisputeFee(dispute: Record<string, unknown>, funds: 'withdrawn' | 'reinstated' | '', currency: string): { fee: Big; feeRef: string } {
  const none = { fee: new Dec(0), feeRef: '' };
  if (!funds || !Array.isArray(dispute.balance_transactions)) return none;
  const moves = (dispute.balance_transactions as unknown[]).filter((t): t is BalanceTransactionLike => !!t && typeof t === 'object');
  const ofThisEvent = moves.filter((t) => (funds === 'withdrawn' ? Number(t.amount) < 0 : Number(t.amount) > 0) && Number(t.fee ?? 0) !== 0);
  if (ofThisEvent.length === 0) return none;
  const fee = ofThisEvent.reduce<Big>((sum, t) => sum.plus(majorFromMinor(t.fee, currency).amount), new Dec(0));
  return { fee, feeRef: String(ofThisEvent[0]!.id ?? '') };
}

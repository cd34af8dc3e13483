import type Big from 'big.js';
import { allocateProportionally, Dec, toMinor } from '@hourglass/money';
import type { Dispute } from './lifecycle';

/** Who bears a lost dispute (`HOURGLASS_DISPUTE_LOSS_POLICY`). */
export type LossPolicy = 'platform' | 'operator';

/** An invoice line as far as the loss split needs it. */
export interface LossLine {
  kind: string;
  operatorId: string;
  operatorShare: Big;
  platformFee: Big;
}

/**
 * A lost dispute as the ledger's `dispute-lost` template takes it: the disputed amount leaves
 * `disputed_funds:<provider>`; each clawback reduces an operator's payable, the rest is `dispute_losses`.
 */
export interface DisputeLoss {
  disputeId: string;
  provider: string;
  invoiceId: string;
  currency: string;
  amount: Big;
  policy: LossPolicy;
  clawbacks: Array<{ operatorId: string; amount: Big }>;
  platformAmount: Big;
  occurredAtMs: number;
}

export class LossInputError extends Error {}

/**
 * Splits a lost dispute. `platform`: the platform bears it all. `operator`: each operator of the
 * invoice bears the part of the disputed amount that its shares are of the invoice's charges, and
 * the platform its fees' part: the disputed amount is allocated over the weights (each operator's
 * Σ operatorShare, the Σ platformFee) in minor units by largest remainder, so the parts sum to the
 * disputed amount exactly (property-tested). Credit lines are not charges and weigh nothing; an
 * invoice without charges leaves the whole loss to the platform.
 */
export function disputeLoss(d: Pick<Dispute, 'disputeId' | 'provider' | 'invoiceId' | 'currency' | 'amount' | 'closedAtMs' | 'lastEventAtMs'>, lines: readonly LossLine[], policy: LossPolicy): DisputeLoss {
  if (d.amount.lt(0)) throw new LossInputError(`dispute ${d.disputeId} has a negative amount`);
  const base = { disputeId: d.disputeId, provider: d.provider, invoiceId: d.invoiceId, currency: d.currency, amount: d.amount, policy, occurredAtMs: d.closedAtMs ?? d.lastEventAtMs };
  if (policy === 'platform') return { ...base, clawbacks: [], platformAmount: d.amount };
  const shares = new Map<string, Big>();
  let fees: Big = new Dec(0);
  for (const l of lines) {
    if (l.kind === 'credit') continue;
    shares.set(l.operatorId, (shares.get(l.operatorId) ?? new Dec(0)).plus(l.operatorShare));
    fees = fees.plus(l.platformFee);
  }
  const operators = [...shares.keys()].filter((op) => op !== '').sort();
  const weightOf = (x: Big) => (x.gt(0) ? toMinor(x, d.currency) : 0n);
  const weights = [...operators.map((op) => weightOf(shares.get(op)!)), weightOf(fees)];
  if (weights.every((w) => w === 0n)) return { ...base, clawbacks: [], platformAmount: d.amount };
  const parts = allocateProportionally(d.amount, weights, d.currency);
  const clawbacks = operators.map((operatorId, i) => ({ operatorId, amount: parts[i]! })).filter((c) => c.amount.gt(0));
  return { ...base, clawbacks, platformAmount: parts[parts.length - 1]! };
}

/** A recorded loss undone because the processor later reported the dispute won. */
export interface DisputeLossReversal {
  disputeId: string;
  provider: string;
  invoiceId: string;
  currency: string;
  /** The loss reversed: the amount of its loss fact. */
  amount: Big;
  /** The processor status that reversed it (`won`, `CHARGEBACK_REVERSED/Won`…). */
  outcome: string;
  occurredAtMs: number;
}

/**
 * A lost dispute won later (Stripe closes it `won` after `lost`; Adyen reverses a lost CHARGEBACK)
 * reverses its loss, once: the ledger posts the loss's postings, clawbacks included, on the other side.
 * The funds the processor gives back are payments' own `reinstated` facts, so the reversal only undoes
 * who bore the loss; a win that moves no funds (Adyen PREARBITRATION_WON, in payments' mapping) leaves
 * them in `disputed_funds` until a funds fact or the settlement report moves them. Only `won` reverses:
 * a dispute reopened (back to needs a response) keeps its loss until it is won.
 */
export function lossReversal(d: Pick<Dispute, 'disputeId' | 'provider' | 'invoiceId' | 'currency' | 'status' | 'pspStatus' | 'closedAtMs' | 'lastEventAtMs'>, loss: { amount: Big } | null, reversed: boolean): DisputeLossReversal | null {
  if (d.status !== 'won' || loss === null || reversed) return null;
  return { disputeId: d.disputeId, provider: d.provider, invoiceId: d.invoiceId, currency: d.currency, amount: loss.amount, outcome: d.pspStatus, occurredAtMs: d.closedAtMs ?? d.lastEventAtMs };
}

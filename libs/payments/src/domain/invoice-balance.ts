import type Big from 'big.js';
import { dec } from '@hourglass/money';
import type { PaymentFact } from './facts';

export interface PaymentTotals {
  /** Captured by a processor plus recorded by hand. */
  paid: Big;
  /** Sum over refund keys of the largest cumulative amount seen for each. */
  refunded: Big;
}

/**
 * Derived from the set of facts, so neither arrival order nor replays change it: facts are taken
 * once per id (as ClickHouse's FINAL does), sums commute, and a cumulative refund counts at its
 * largest value whether the smaller ones came before, after, or never.
 */
export function paymentTotals(facts: readonly PaymentFact[]): PaymentTotals {
  const seen = new Set<string>();
  let paid = dec('0');
  const refundByKey = new Map<string, Big>();
  for (const f of facts) {
    if (seen.has(f.factId)) continue;
    seen.add(f.factId);
    if (f.kind === 'captured' || f.kind === 'recorded') paid = paid.plus(f.amount);
    if (f.kind === 'refunded') {
      const prior = refundByKey.get(f.cumulativeKey);
      if (!prior || f.amount.gt(prior)) refundByKey.set(f.cumulativeKey, f.amount);
    }
  }
  let refunded = dec('0');
  for (const r of refundByKey.values()) refunded = refunded.plus(r);
  return { paid, refunded };
}

export type BaseInvoiceStatus = 'draft' | 'finalized' | 'uncollectible' | 'paid' | 'void';

export interface InvoiceAmounts {
  status: string;
  /** total − credit notes, for an invoice that is owed; 0 for draft and void ones. */
  owed: Big;
  amountPaid: Big;
  amountRefunded: Big;
  /** max(0, owed − paid + refunded); 0 for void, draft, and invoices marked paid by hand. */
  amountDue: Big;
  /** max(0, paid − refunded − owed): what goes to the customer's credit balance. */
  overpaid: Big;
}

/**
 * The invoice amounts of CONTRACTS §6:
 *   amountDue = max(0, total − credit notes − amountPaid + amountRefunded)
 * where `total` is after prepaid credits applied at billing. With tax (libs/invoicing README "Tax"),
 * what is owed is total + taxTotal − credit notes − their tax: the customer pays the tax too. A voided invoice owes nothing, so all
 * that was paid on it is an overpayment; status becomes `paid` once something was paid and nothing
 * is due, and returns to the base status if a refund makes something due again.
 */
export function invoiceAmounts(
  base: { status: BaseInvoiceStatus | string; total: Big; creditNotes: Big; taxTotal?: Big; creditNotesTax?: Big },
  totals: PaymentTotals,
): InvoiceAmounts {
  const zero = dec('0');
  const issued = base.status !== 'void' && base.status !== 'draft';
  const owedRaw = issued ? base.total.plus(base.taxTotal ?? zero).minus(base.creditNotes).minus(base.creditNotesTax ?? zero) : zero;
  const owed = owedRaw.lt(0) ? zero : owedRaw;
  const net = totals.paid.minus(totals.refunded);
  const dueRaw = owed.minus(net);
  const markedPaid = base.status === 'paid';
  const amountDue = markedPaid || dueRaw.lt(0) ? zero : dueRaw;
  const overRaw = net.minus(owed);
  const overpaid = overRaw.gt(0) ? overRaw : zero;
  const collectible = base.status === 'finalized' || base.status === 'uncollectible';
  const status = collectible && amountDue.eq(0) && totals.paid.gt(0) ? 'paid' : base.status;
  return { status, owed, amountPaid: totals.paid, amountRefunded: totals.refunded, amountDue, overpaid };
}

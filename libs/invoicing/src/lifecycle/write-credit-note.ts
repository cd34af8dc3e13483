import type Big from 'big.js';
import { Dec, roundingModeFor } from '@hourglass/money';
import { creditNoteNumber, creditNoteNumberPrefix, creditNoteTax, type InvoiceState } from '../domain';
import type { CreditNote } from '../ports';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Numbers and stores a credit note; the caller holds the entity lock and has checked it still does.
 * The next number is the highest stored one plus one, read under that lock, so numbers are gap-free
 * and distinct however many requests race: a request that dies before its insert used no number.
 */
export async function writeCreditNote(
  ctx: LifecycleContext,
  invoice: InvoiceState,
  creditNoteId: string,
  amount: Big,
  reason: string,
  voidsInvoice: boolean,
): Promise<CreditNote> {
  const issuedAtMs = ctx.clock.nowMs();
  const year = new Date(issuedAtMs).getUTCFullYear();
  const seq = (await ctx.repository.maxCreditNoteSeq(creditNoteNumberPrefix(ctx.billingEntity, year))) + 1;
  const note: CreditNote = {
    creditNoteId,
    number: creditNoteNumber(ctx.billingEntity, year, seq),
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    currency: invoice.currency,
    amount,
    reason,
    voidsInvoice,
    issuedAtMs,
  };
  // The invoice's tax in proportion (the last note takes what is left of it): README "Tax".
  if (invoice.taxTotal && !invoice.taxTotal.eq(0)) {
    note.taxAmount = creditNoteTax({
      invoiceTotal: invoice.total,
      invoiceTax: invoice.taxTotal,
      creditedBefore: invoice.credited,
      taxCreditedBefore: invoice.taxCredited ?? new Dec(0),
      amount,
      currency: invoice.currency,
      mode: roundingModeFor(invoice.currency),
    });
  }
  await ctx.repository.appendCreditNote(note);
  return note;
}

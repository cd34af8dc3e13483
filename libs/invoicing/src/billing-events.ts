import { formatMoney } from '@hourglass/money';
import { invoiceEventMessage, outgoingEventMessage, type OutboxMessage } from '@hourglass/contracts';
import type { InvoiceState } from './domain';
import type { CreditNote, IssuedInvoice } from './ports';

export { EVENTS_SUBJECT_PREFIX } from '@hourglass/contracts';

/**
 * `invoice.finalized`, as the billing run issues it. The id names the fact (this invoice, finalized),
 * so the relay's republish and a resumed run's second enqueue carry the same one and count once.
 */
export function invoiceFinalizedMessage(invoice: IssuedInvoice): OutboxMessage {
  return invoiceEventMessage(
    'invoice.finalized',
    {
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      customerId: invoice.customerId,
      currency: invoice.currency,
      total: formatMoney(invoice.total, invoice.currency),
      status: 'finalized',
      period: invoice.period,
    },
    invoice.issuedAtMs,
  );
}

/** `invoice.voided`: one per invoice (`invoice.voided:<invoiceId>`), a void can happen only once. */
export function invoiceVoidedMessage(invoice: InvoiceState, atMs: number, reason: string): OutboxMessage {
  return invoiceEventMessage(
    'invoice.voided',
    {
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      customerId: invoice.customerId,
      currency: invoice.currency,
      total: formatMoney(invoice.total, invoice.currency),
      status: 'void',
      reason,
    },
    atMs,
  );
}

/** `invoice.paid` when the invoice is marked paid by hand; payments derives the same id when money pays it. */
export function invoicePaidMessage(invoice: InvoiceState, atMs: number): OutboxMessage {
  return invoiceEventMessage(
    'invoice.paid',
    {
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      customerId: invoice.customerId,
      currency: invoice.currency,
      total: formatMoney(invoice.total, invoice.currency),
      status: 'paid',
    },
    atMs,
  );
}

/** `credit_note.created`: its id is derived from the note's, which is derived from the request's key. */
export function creditNoteCreatedMessage(note: CreditNote, invoiceNumber: string): OutboxMessage {
  return outgoingEventMessage({
    type: 'credit_note.created',
    id: `credit_note.created:${note.creditNoteId}`,
    timeMs: note.issuedAtMs,
    subject: `credit_note/${note.creditNoteId}`,
    data: {
      creditNoteId: note.creditNoteId,
      number: note.number,
      invoiceId: note.invoiceId,
      invoiceNumber,
      customerId: note.customerId,
      currency: note.currency,
      amount: formatMoney(note.amount, note.currency),
      reason: note.reason,
      voidsInvoice: note.voidsInvoice,
    },
  });
}

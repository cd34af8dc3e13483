import { creditApplied, creditNoteIssued, invoiceFinalized, invoiceVoided } from './domain/templates';
import type { FactFeed, InvoicingFacts } from './ports';

/** Invoicing's facts as feeds of the posting job; finalizations first reads naturally in the entries list. */
export function invoicingFeeds(facts: InvoicingFacts): FactFeed[] {
  return [
    { kind: 'invoice_finalized', pending: async (after, limit) => (await facts.finalizedInvoices(after, limit)).map(invoiceFinalized) },
    { kind: 'credit_applied', pending: async (after, limit) => (await facts.creditsApplied(after, limit)).map(creditApplied) },
    { kind: 'credit_note', pending: async (after, limit) => (await facts.creditNotes(after, limit)).map(creditNoteIssued) },
    { kind: 'invoice_voided', pending: async (after, limit) => (await facts.voids(after, limit)).map(invoiceVoided) },
  ];
}

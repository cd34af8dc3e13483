import { Dec, formatMoney } from '@hourglass/money';
import { creditNoteCreatedMessage, invoiceVoidedMessage } from '../billing-events';
import { decideCreditNote, idFromKey, InvoicingError, remainingOf, type InvoiceStatus } from '../domain';
import { underEntityLock } from './entity-lock';
import { idempotent, idempotentRequest } from './idempotent';
import type { LifecycleContext } from './lifecycle-context';
import { writeCreditNote } from './write-credit-note';
import type { CreditNote } from '../ports';

export interface IssueCreditNoteInput {
  invoiceId: string;
  amount?: string;
  reason?: string;
  void?: boolean;
  idempotencyKey?: string;
}

export interface CreditNoteResult {
  creditNoteId: string;
  number: string;
  amount: string;
  /** Tax credited with the note (README "Tax"); "0.00" when the invoice carries none. */
  taxAmount: string;
  status: InvoiceStatus;
}

/**
 * A credit note against an issued invoice. With an Idempotency-Key its id is derived from the key:
 * a retry finds the note the first attempt stored and answers with it, so nothing is credited twice.
 */
export class IssueCreditNote {
  constructor(private readonly ctx: LifecycleContext) {}

  async execute(input: IssueCreditNoteInput): Promise<CreditNoteResult> {
    const body = { amount: input.amount, reason: input.reason, void: input.void };
    const request = idempotentRequest(input.idempotencyKey, 'credit-note', input.invoiceId, body);
    const creditNoteId = request ? idFromKey('cn', request.operation, request.key) : `cn_${this.ctx.ids.newId()}`;
    return idempotent(this.ctx, request, () =>
      underEntityLock(this.ctx, async (held) => {
        const invoice = await this.ctx.repository.invoiceState(input.invoiceId);
        if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${input.invoiceId}`);
        const stored = await this.ctx.repository.creditNote(creditNoteId);
        let note: CreditNote;
        let statusAfter: InvoiceStatus;
        if (stored) {
          // A retry: answer with the stored note. The first attempt may have died between the note
          // and its void status event, so the status is decided again from what is stored.
          note = stored;
          statusAfter = stored.voidsInvoice && remainingOf(invoice).eq(0) && invoice.status !== 'paid' ? 'void' : invoice.status;
        } else {
          const decision = decideCreditNote(invoice, { amount: input.amount, void: input.void });
          await held();
          note = await writeCreditNote(this.ctx, invoice, creditNoteId, decision.amount, input.reason ?? '', decision.voidsInvoice);
          statusAfter = decision.statusAfter;
        }
        // Also on the retry path: the first attempt may have died between the note and this enqueue.
        // The id is the note's, so a second enqueue is the same message, delivered once.
        const created = creditNoteCreatedMessage(note, invoice.number);
        await this.ctx.outbox.enqueue([created], created.id);
        if (statusAfter === 'void' && invoice.status !== 'void') {
          await held();
          const atMs = this.ctx.clock.nowMs();
          const voidReason = input.reason ?? 'credited in full';
          const voided = invoiceVoidedMessage(invoice, atMs, voidReason);
          await this.ctx.outbox.enqueue([voided], voided.id);
          await this.ctx.repository.appendStatus({
            invoiceId: invoice.invoiceId,
            status: 'void',
            atMs,
            reason: voidReason,
            eventId: `${invoice.invoiceId}:void`,
          });
        }
        const status = statusAfter;
        return {
          creditNoteId: note.creditNoteId,
          number: note.number,
          amount: formatMoney(note.amount, note.currency),
          taxAmount: formatMoney(note.taxAmount ?? new Dec(0), note.currency),
          status,
        };
      }),
    );
  }
}

import { creditNoteCreatedMessage, invoicePaidMessage, invoiceVoidedMessage } from '../billing-events';
import { decideTransition, InvoicingError, type InvoiceStatus } from '../domain';
import { underEntityLock } from './entity-lock';
import { idempotent, idempotentRequest } from './idempotent';
import type { LifecycleContext } from './lifecycle-context';
import { writeCreditNote } from './write-credit-note';

export interface ChangeInvoiceStatusInput {
  invoiceId: string;
  to: Extract<InvoiceStatus, 'paid' | 'void' | 'uncollectible'>;
  reason?: string;
  idempotencyKey?: string;
}

export interface InvoiceStatusResult {
  invoiceId: string;
  status: InvoiceStatus;
}

/**
 * Pay, void or mark uncollectible. Idempotent by its target: asking for the status the invoice already
 * has answers the same and writes nothing; a void first credits what is left with a credit note whose
 * id is derived from the invoice, so a void retried after a crash never credits twice.
 */
export class ChangeInvoiceStatus {
  constructor(private readonly ctx: LifecycleContext) {}

  async execute(input: ChangeInvoiceStatusInput): Promise<InvoiceStatusResult> {
    const reason = input.reason ?? '';
    const request = idempotentRequest(input.idempotencyKey, `invoice.${input.to}`, input.invoiceId, { reason });
    return idempotent(this.ctx, request, () =>
      underEntityLock(this.ctx, async (held) => {
        const invoice = await this.ctx.repository.invoiceState(input.invoiceId);
        if (!invoice) throw new InvoicingError('invoice_not_found', `no invoice ${input.invoiceId}`);
        const decision = decideTransition(invoice, input.to);
        if (decision.kind === 'unchanged') return { invoiceId: invoice.invoiceId, status: decision.status };
        await held();
        if (decision.voidCredit) {
          const note = await writeCreditNote(this.ctx, invoice, `cn_void_${invoice.invoiceId}`, decision.voidCredit, reason || 'void', true);
          const created = creditNoteCreatedMessage(note, invoice.number);
          await this.ctx.outbox.enqueue([created], created.id);
        }
        const atMs = this.ctx.clock.nowMs();
        // Before the status event: a retry after a crash here finds the status unchanged and enqueues
        // again, with the same id, which the relay and JetStream count once.
        const event = decision.to === 'void' ? invoiceVoidedMessage(invoice, atMs, reason) : decision.to === 'paid' ? invoicePaidMessage(invoice, atMs) : null;
        if (event) await this.ctx.outbox.enqueue([event], event.id);
        await this.ctx.repository.appendStatus({
          invoiceId: invoice.invoiceId,
          status: decision.to,
          atMs,
          reason,
          eventId: `${invoice.invoiceId}:${decision.to}`,
        });
        return { invoiceId: invoice.invoiceId, status: decision.to };
      }),
    );
  }
}

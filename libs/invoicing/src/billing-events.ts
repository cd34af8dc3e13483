import { formatMoney } from '@hourglass/money';
import type { OutboxMessage } from '@hourglass/contracts';
import type { IssuedInvoice } from './ports';

/** CONTRACTS.md §12: outgoing events are CloudEvents on `hourglass.v1.events.<type>` (stream BILLING). */
export const EVENTS_SUBJECT_PREFIX = 'hourglass.v1.events.';

/**
 * `invoice.finalized`, as the billing run issues it. The id names the fact (this invoice, finalized),
 * so the relay's republish and a resumed run's second enqueue carry the same one and count once.
 */
export function invoiceFinalizedMessage(invoice: IssuedInvoice): OutboxMessage {
  const id = `invoice.finalized:${invoice.invoiceId}`;
  const event = {
    specversion: '1.0',
    id,
    source: 'hourglass',
    type: 'hourglass.invoice.finalized',
    time: new Date(invoice.issuedAtMs).toISOString(),
    subject: `invoice/${invoice.invoiceId}`,
    datacontenttype: 'application/json',
    data: {
      invoiceId: invoice.invoiceId,
      number: invoice.number,
      customerId: invoice.customerId,
      currency: invoice.currency,
      total: formatMoney(invoice.total, invoice.currency),
      status: 'finalized',
      period: invoice.period,
    },
  };
  return { id, subject: `${EVENTS_SUBJECT_PREFIX}invoice.finalized`, payload: JSON.stringify(event) };
}

import type { OutboxMessage } from './outbox';

/** CONTRACTS.md §12: outgoing events are CloudEvents on `hourglass.v1.events.<type>` (stream BILLING). */
export const EVENTS_SUBJECT_PREFIX = 'hourglass.v1.events.';

export type OutgoingEventType =
  | 'invoice.finalized'
  | 'invoice.paid'
  | 'invoice.voided'
  | 'credit_note.created'
  | 'payout.paid'
  | 'dispute.opened'
  | 'break.opened';

/** The `data` of every `invoice.*` event (CONTRACTS.md §12); `total` is a decimal string. */
export interface InvoiceEventData {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  total: string;
  status: string;
  [extra: string]: unknown;
}

export interface OutgoingEvent {
  type: OutgoingEventType;
  /** Stable for the fact (`<type>:<object id>`): also the Nats-Msg-Id, so a retry is sent once. */
  id: string;
  timeMs: number;
  /** CloudEvents `subject`, e.g. `invoice/inv_1`. */
  subject: string;
  data: Record<string, unknown>;
}

/** The one CloudEvents 1.0 envelope (structured JSON) every outgoing event is published in. */
export function outgoingEventMessage(event: OutgoingEvent): OutboxMessage {
  const body = {
    specversion: '1.0',
    id: event.id,
    source: 'hourglass',
    type: `hourglass.${event.type}`,
    time: new Date(event.timeMs).toISOString(),
    subject: event.subject,
    datacontenttype: 'application/json',
    data: event.data,
  };
  return { id: event.id, subject: `${EVENTS_SUBJECT_PREFIX}${event.type}`, payload: JSON.stringify(body) };
}

/** An `invoice.*` event; its id is `<type>:<invoiceId>`, one per invoice and type. */
export function invoiceEventMessage(type: Extract<OutgoingEventType, `invoice.${string}`>, data: InvoiceEventData, timeMs: number): OutboxMessage {
  return outgoingEventMessage({ type, id: `${type}:${data.invoiceId}`, timeMs, subject: `invoice/${data.invoiceId}`, data });
}

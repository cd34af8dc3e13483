import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { CustomerCreditFact, DisputeFact, DisputeStatus, FactProvider, PaymentFact, PaymentFactKind, PaymentRef, Provider } from '../domain';

type Row = Record<string, string | null>;

export function paymentToRow(f: PaymentFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: f.factId,
    kind: f.kind,
    provider: f.provider,
    invoice_id: f.invoiceId,
    customer_id: f.customerId,
    currency: f.currency,
    amount: f.amount.toFixed(),
    cumulative_key: f.cumulativeKey,
    payment_ref: f.paymentRef,
    psp_reference: f.pspReference,
    occurred_at: chDateTime(f.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
    source: f.source,
  };
}

export function paymentFromRow(r: Row): PaymentFact {
  return {
    factId: r.fact_id!,
    kind: r.kind as PaymentFactKind,
    provider: r.provider as FactProvider,
    invoiceId: r.invoice_id ?? '',
    customerId: r.customer_id ?? '',
    currency: r.currency!,
    amount: dec(r.amount!),
    cumulativeKey: r.cumulative_key ?? '',
    paymentRef: r.payment_ref ?? '',
    pspReference: r.psp_reference ?? '',
    occurredAtMs: parseChDateTime(r.occurred_at!),
    source: r.source ?? '',
  };
}

export function refToRow(r: PaymentRef, recordedAtMs: number): Record<string, unknown> {
  return {
    provider: r.provider,
    payment_ref: r.paymentRef,
    invoice_id: r.invoiceId,
    customer_id: r.customerId,
    currency: r.currency,
    recorded_at: chDateTime(recordedAtMs),
  };
}

export function refFromRow(r: Row): PaymentRef {
  return { provider: r.provider as Provider, paymentRef: r.payment_ref!, invoiceId: r.invoice_id!, customerId: r.customer_id ?? '', currency: r.currency! };
}

export function disputeToRow(d: DisputeFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: d.factId,
    dispute_id: d.disputeId,
    provider: d.provider,
    event_type: d.eventType,
    status: d.status,
    psp_status: d.pspStatus,
    funds: d.funds,
    reason: d.reason,
    payment_ref: d.paymentRef,
    invoice_id: d.invoiceId,
    customer_id: d.customerId,
    currency: d.currency,
    amount: d.amount.toFixed(),
    fee: d.fee.toFixed(),
    fee_ref: d.feeRef,
    due_by: d.dueByMs === null ? null : chDateTime(d.dueByMs),
    occurred_at: chDateTime(d.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
  };
}

export function disputeFromRow(r: Row): DisputeFact {
  return {
    factId: r.fact_id!,
    disputeId: r.dispute_id!,
    provider: r.provider as Provider,
    eventType: r.event_type!,
    status: r.status as DisputeStatus,
    pspStatus: r.psp_status ?? '',
    funds: (r.funds ?? '') as DisputeFact['funds'],
    reason: r.reason ?? '',
    paymentRef: r.payment_ref ?? '',
    invoiceId: r.invoice_id ?? '',
    customerId: r.customer_id ?? '',
    currency: r.currency!,
    amount: dec(r.amount!),
    fee: dec(r.fee ?? '0'),
    feeRef: r.fee_ref ?? '',
    dueByMs: r.due_by ? parseChDateTime(r.due_by) : null,
    occurredAtMs: parseChDateTime(r.occurred_at!),
  };
}

export function creditToRow(c: CustomerCreditFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: c.factId,
    customer_id: c.customerId,
    currency: c.currency,
    invoice_id: c.invoiceId,
    amount: c.amount.toFixed(),
    reason: c.reason,
    occurred_at: chDateTime(c.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
  };
}

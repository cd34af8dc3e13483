import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import { rowTable, type FactTable } from '@hourglass/kernel';
import { dec } from '@hourglass/money';
import { lineIdFor, type IdempotencyRecord, type InvoiceState, type InvoiceStatus } from '../domain';
import type { BillingRun, CreditBalance, CreditGrantRecord, CreditNote, IssuedInvoice, StatusEvent } from '../ports';

/** A billing run as recorded: every state change is a new row, the newest per run and status wins. */
export interface RecordedRun {
  run: BillingRun;
  recordedAtMs: number;
}

export interface RunRow {
  run_id: string;
  period: string;
  status: string;
  usage_watermark: string | number;
  fencing_token: string | number;
  started_at: string;
  recorded_at: string;
  invoices: number;
  summary: string;
}

export const billingRunsTable: FactTable<RecordedRun, RunRow> = {
  name: 'billing_runs',
  columns: ['run_id', 'period', 'status', 'usage_watermark', 'fencing_token', 'started_at', 'recorded_at', 'invoices', 'summary'],
  toRow: ({ run, recordedAtMs }) => runToRow(run, recordedAtMs),
  fromRow: (r) => ({
    run: {
      runId: r.run_id,
      period: r.period,
      status: r.status === 'completed' ? 'completed' : 'started',
      usageWatermark: Number(r.usage_watermark),
      fencingToken: Number(r.fencing_token),
      startedAtMs: parseChDateTime(r.started_at),
      invoices: Number(r.invoices),
      summary: r.summary,
    },
    recordedAtMs: parseChDateTime(r.recorded_at),
  }),
};

export const invoicesTable = rowTable<Record<string, unknown>>('invoices');
export const invoiceLinesTable = rowTable<Record<string, unknown>>('invoice_lines');
export const invoiceStatusEventsTable = rowTable<Record<string, unknown>>('invoice_status_events');

export function runToRow(run: BillingRun, recordedAtMs: number): RunRow {
  return {
    run_id: run.runId,
    period: run.period,
    status: run.status,
    usage_watermark: run.usageWatermark,
    fencing_token: run.fencingToken,
    started_at: chDateTime(run.startedAtMs),
    recorded_at: chDateTime(recordedAtMs),
    invoices: run.invoices,
    summary: run.summary,
  };
}

export function invoiceToRow(invoice: IssuedInvoice, entity: string, periodStartMs: number, periodEndMs: number): Record<string, unknown> {
  return {
    invoice_id: invoice.invoiceId,
    number: invoice.number,
    number_year: invoice.numberYear,
    number_seq: invoice.numberSeq,
    billing_entity: entity,
    customer_id: invoice.customerId,
    currency: invoice.currency,
    period: invoice.period,
    period_start: chDateTime(periodStartMs),
    period_end: chDateTime(periodEndMs),
    run_id: invoice.runId,
    issued_at: chDateTime(invoice.issuedAtMs),
    subtotal: invoice.subtotal.toFixed(),
    credits_applied: invoice.creditsApplied.toFixed(),
    total: invoice.total.toFixed(),
    ...(invoice.tax ? { tax_total: invoice.tax.total.toFixed(), tax_treatment: invoice.tax.treatment, tax_rounding: invoice.tax.rounding } : {}),
  };
}

export function linesToRows(invoice: IssuedInvoice): Array<Record<string, unknown>> {
  return invoice.lines.map((l, i) => ({
    invoice_id: invoice.invoiceId,
    line_id: lineIdFor(invoice.invoiceId, i + 1),
    line_no: i + 1,
    run_id: invoice.runId,
    customer_id: invoice.customerId,
    currency: invoice.currency,
    period: invoice.period,
    kind: l.kind,
    rental_id: l.rentalId,
    operator_id: l.operatorId,
    price_book_id: l.priceBookId,
    price_book_version: l.priceBookVersion,
    service_period: l.servicePeriod,
    gpu_count: l.gpuCount,
    gpu_ms: l.gpuMs.toString(),
    quantity_gpu_hours: l.quantityGpuHours,
    unit_price: l.unitPrice,
    unit_price_text: l.unitPrice ?? '',
    amount: l.amount.toFixed(),
    operator_share: l.operatorShare.toFixed(),
    platform_fee: l.platformFee.toFixed(),
    exact_amount: l.exact.toFixed(),
    credit_grant_id: l.creditGrantId,
    description: l.description,
    ...(invoice.tax?.lines[i]
      ? { tax_rate: invoice.tax.lines[i].rate, tax_name: invoice.tax.lines[i].name, tax_amount: invoice.tax.lines[i].amount.toFixed() }
      : {}),
  }));
}

export function statusEventToRow(e: StatusEvent): Record<string, unknown> {
  return { invoice_id: e.invoiceId, status: e.status, at: chDateTime(e.atMs), reason: e.reason, event_id: e.eventId };
}

export interface InvoiceStateRow {
  invoice_id: string;
  number: string;
  customer_id: string;
  currency: string;
  total: string;
  status: string;
  credited: string | null;
  tax_total?: string | null;
  credited_tax?: string | null;
}

export function invoiceStateFromRow(r: InvoiceStateRow): InvoiceState {
  return {
    invoiceId: r.invoice_id,
    number: r.number,
    customerId: r.customer_id,
    currency: r.currency,
    status: r.status as InvoiceStatus,
    total: dec(r.total),
    credited: dec(r.credited ?? '0'),
    // Only for a taxed invoice: an untaxed one reads exactly as before tax existed.
    ...(dec(r.tax_total ?? '0').eq(0) ? {} : { taxTotal: dec(r.tax_total!), taxCredited: dec(r.credited_tax ?? '0') }),
  };
}

export function creditNoteToRow(n: CreditNote): Record<string, unknown> {
  return {
    credit_note_id: n.creditNoteId,
    number: n.number,
    invoice_id: n.invoiceId,
    customer_id: n.customerId,
    currency: n.currency,
    amount: n.amount.toFixed(),
    ...(n.taxAmount && !n.taxAmount.eq(0) ? { tax_amount: n.taxAmount.toFixed() } : {}),
    reason: n.reason,
    voids_invoice: n.voidsInvoice,
    issued_at: chDateTime(n.issuedAtMs),
  };
}

export interface CreditNoteRow {
  credit_note_id: string;
  number: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount: string;
  tax_amount?: string | null;
  reason: string;
  voids_invoice: boolean | number | string;
  issued_at: string;
}

export function creditNoteFromRow(r: CreditNoteRow): CreditNote {
  return {
    creditNoteId: r.credit_note_id,
    number: r.number,
    invoiceId: r.invoice_id,
    customerId: r.customer_id,
    currency: r.currency,
    amount: dec(r.amount),
    ...(dec(r.tax_amount ?? '0').eq(0) ? {} : { taxAmount: dec(r.tax_amount!) }),
    reason: r.reason,
    voidsInvoice: r.voids_invoice === true || r.voids_invoice === 1 || r.voids_invoice === 'true' || r.voids_invoice === '1',
    issuedAtMs: parseChDateTime(r.issued_at),
  };
}

export function creditGrantToRow(g: CreditGrantRecord): Record<string, unknown> {
  return {
    grant_id: g.grantId,
    customer_id: g.customerId,
    currency: g.currency,
    amount: g.amount.toFixed(),
    priority: g.priority,
    expires_at: g.expiresAtMs === null ? null : chDateTime(g.expiresAtMs),
    granted_at: chDateTime(g.grantedAtMs),
    description: g.description,
  };
}

export interface CreditGrantRow {
  grant_id: string;
  customer_id: string;
  currency: string;
  amount: string;
  priority: number | string;
  expires_at: string | null;
  granted_at: string;
  description: string;
}

export function creditGrantFromRow(r: CreditGrantRow): CreditGrantRecord {
  return {
    grantId: r.grant_id,
    customerId: r.customer_id,
    currency: r.currency,
    amount: dec(r.amount),
    priority: Number(r.priority),
    expiresAtMs: r.expires_at ? parseChDateTime(r.expires_at) : null,
    grantedAtMs: parseChDateTime(r.granted_at),
    description: r.description,
  };
}

export function creditBalanceFromRow(r: CreditGrantRow & { applied: string | null }): CreditBalance {
  const grant = creditGrantFromRow(r);
  return { grantId: grant.grantId, currency: grant.currency, amount: grant.amount, applied: dec(r.applied ?? '0'), priority: grant.priority, expiresAtMs: grant.expiresAtMs };
}

const STATE_RANK: Record<IdempotencyRecord['state'], number> = { pending: 0, completed: 1 };

export function idempotencyToRow(r: IdempotencyRecord): Record<string, unknown> {
  return {
    idempotency_key: r.key,
    operation: r.operation,
    fingerprint: r.fingerprint,
    state: r.state,
    state_rank: STATE_RANK[r.state],
    response: r.response ?? '',
    created_at: chDateTime(r.createdAtMs),
  };
}

export interface IdempotencyRow {
  idempotency_key: string;
  operation: string;
  fingerprint: string;
  state: string;
  response: string;
  created_at: string;
}

export function idempotencyFromRow(r: IdempotencyRow): IdempotencyRecord {
  const state = r.state === 'completed' ? 'completed' : 'pending';
  return {
    key: r.idempotency_key,
    operation: r.operation,
    fingerprint: r.fingerprint,
    state,
    response: state === 'completed' ? r.response : null,
    createdAtMs: parseChDateTime(r.created_at),
  };
}

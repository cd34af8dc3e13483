import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import { rowTable, type FactTable } from '@hourglass/kernel';
import { lineIdFor, type PayoutStatement } from '../domain';
import type { BillingRun, IssuedInvoice } from '../ports';

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
export const payoutStatementsTable = rowTable<Record<string, unknown>>('payout_statements');

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
  }));
}

export function statementToRow(s: PayoutStatement, runId: string, periodStartMs: number, periodEndMs: number, issuedAtMs: number): Record<string, unknown> {
  return {
    statement_id: s.statementId,
    operator_id: s.operatorId,
    currency: s.currency,
    period: s.period,
    period_start: chDateTime(periodStartMs),
    period_end: chDateTime(periodEndMs),
    run_id: runId,
    gross: s.gross.toFixed(),
    platform_fee: s.platformFee.toFixed(),
    net: s.net.toFixed(),
    lines: s.lines.length,
    issued_at: chDateTime(issuedAtMs),
  };
}

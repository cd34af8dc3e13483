import { chDateTime } from '@hourglass/clickhouse';
import { lineIdFor, type PayoutStatement } from '../domain';
import type { BillingRun, IssuedInvoice } from '../ports';

export function runToRow(run: BillingRun, recordedAtMs: number): Record<string, unknown> {
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

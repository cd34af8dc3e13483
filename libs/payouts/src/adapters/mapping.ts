import { chDateTime, parseChDateTime } from '@hourglass/clickhouse';
import { dec, formatMoney } from '@hourglass/money';
import type { PayoutStatement } from '../domain/payout-statements';
import type { PayoutStatementLineView, PayoutStatementView } from '../ports';

type Row = Record<string, string>;

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

function iso(value: string): string {
  return new Date(parseChDateTime(value)).toISOString();
}

export function statementViewFromRow(s: Row, lines: readonly Row[]): PayoutStatementView {
  const currency = s.currency!;
  const money = (v: string) => formatMoney(dec(v), currency);
  return {
    statementId: s.statement_id!,
    operatorId: s.operator_id!,
    currency,
    periodStart: iso(s.period_start!),
    periodEnd: iso(s.period_end!),
    gross: money(s.gross!),
    platformFee: money(s.platform_fee!),
    net: money(s.net!),
    lines: lines.map((l) => statementLineFromRow(l, currency)),
  };
}

function statementLineFromRow(l: Row, currency: string): PayoutStatementLineView {
  const money = (v: string) => formatMoney(dec(v), currency);
  return {
    invoiceId: l.invoice_id!,
    invoiceNumber: l.invoice_number!,
    customerId: l.customer_id!,
    lineId: l.line_id!,
    kind: l.kind!,
    rentalId: l.rental_id!,
    priceBookVersion: Number(l.price_book_version),
    servicePeriod: l.service_period!,
    quantityGpuHours: l.quantity_gpu_hours!,
    amount: money(l.amount!),
    operatorShare: money(l.operator_share!),
    platformFee: money(l.platform_fee!),
  };
}

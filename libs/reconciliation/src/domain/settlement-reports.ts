import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { parse } from 'csv-parse/sync';
import { DomainError } from '@hourglass/contracts';
import { Dec, isKnownCurrency } from '@hourglass/money';

export type Provider = 'stripe' | 'adyen';
export const PROVIDERS: readonly Provider[] = ['stripe', 'adyen'];

export type LineCategory = 'charge' | 'refund' | 'dispute' | 'fee' | 'payout' | 'adjustment' | 'other';

/** One line of a processor's settlement report, as Hourglass keeps it (append-only). */
export interface SettlementLine {
  lineId: string;
  provider: Provider;
  lineNo: number;
  recordType: string;
  category: LineCategory;
  /** Stripe payment_intent_id; Adyen Psp Reference of the payment. */
  paymentRef: string;
  /** Adyen Merchant Reference; Stripe payment_metadata[hourglass_invoice_id] when the export has it. */
  merchantRef: string;
  currency: string;
  /** Major units, signed as the report signs them. */
  gross: Big;
  fee: Big;
  net: Big;
  createdAtMs: number;
  payoutId: string;
  raw: Record<string, string>;
}

export interface ParsedReport {
  importId: string;
  provider: Provider;
  lines: SettlementLine[];
}

/** A file refused whole: the first problem found, with its line (1 = the header) and column. */
export class SettlementReportError extends DomainError {
  constructor(message: string, line: number, column: string | null) {
    super('invalid_document', column === null ? `line ${line}: ${message}` : `line ${line}, column ${column}: ${message}`, { line, column });
  }
}

/** The import's id: the same file of the same provider is the same import. */
export function importIdOf(provider: Provider, content: string): string {
  return 'imp_' + createHash('sha256').update(`${provider}\u0000${content}`).digest('hex').slice(0, 32);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function decimalAt(row: Record<string, string>, column: string, line: number, required: boolean): Big {
  const raw = (row[column] ?? '').trim().replace(/,/g, '');
  if (raw === '') {
    if (required) throw new SettlementReportError('an amount is required', line, column);
    return new Dec(0);
  }
  if (!DECIMAL.test(raw)) throw new SettlementReportError(`${JSON.stringify(row[column])} is not a decimal amount`, line, column);
  return new Dec(raw);
}

export function currencyAt(row: Record<string, string>, column: string, line: number): string {
  const raw = (row[column] ?? '').trim().toUpperCase();
  if (!isKnownCurrency(raw)) throw new SettlementReportError(`${JSON.stringify(row[column] ?? '')} is not an ISO 4217 currency`, line, column);
  return raw;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Minutes east of UTC of an IANA zone (or UTC/GMT) at an instant. */
function zoneOffsetMinutes(zone: string, utcMs: number): number | null {
  if (/^(UTC|GMT|Z)$/i.test(zone)) return 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(utcMs))
      .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return Math.round((asUtc - utcMs) / 60_000);
  } catch {
    return null;
  }
}

function dateAt(row: Record<string, string>, column: string, line: number, zone = 'UTC'): number {
  const raw = (row[column] ?? '').trim();
  const m = DATE_TIME.exec(raw);
  if (!m) throw new SettlementReportError(`${JSON.stringify(raw)} is not a date and time (YYYY-MM-DD hh:mm:ss)`, line, column);
  const local = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(local)) throw new SettlementReportError(`${JSON.stringify(raw)} is not a date`, line, column);
  if (m[7]) {
    if (m[7] === 'Z') return local;
    const sign = m[7].startsWith('-') ? -1 : 1;
    const digits = m[7].replace(/[+:-]/g, '');
    return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const offset = zoneOffsetMinutes(zone, local);
  if (offset === null) throw new SettlementReportError(`${JSON.stringify(zone)} is not a time zone`, line, 'TimeZone');
  return local - offset * 60_000;
}

export function csvRecords(content: string): Array<Record<string, string>> {
  try {
    return parse(content, { columns: true, skip_empty_lines: true, bom: true, trim: false, relax_column_count: false }) as Array<Record<string, string>>;
  } catch (error) {
    const e = error as { message?: string; lines?: number; column?: string | number };
    throw new SettlementReportError(e.message ?? 'not a CSV file', e.lines ?? 1, e.column === undefined ? null : String(e.column));
  }
}

function requireColumns(rows: Array<Record<string, string>>, header: string[], required: readonly string[]): void {
  for (const c of required) if (!header.includes(c)) throw new SettlementReportError(`the column ${c} is missing from the header`, 1, c);
  void rows;
}

export function csvHeaderOf(content: string): string[] {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  try {
    return ((parse(firstLine, { relax_quotes: true }) as string[][])[0] ?? []).map((h) => h.trim());
  } catch {
    throw new SettlementReportError('the header is not CSV', 1, null);
  }
}

/** Stripe's reporting categories onto ours (balance transaction reporting categories). */
function stripeCategory(reportingCategory: string): LineCategory {
  switch (reportingCategory) {
    case 'charge':
      return 'charge';
    case 'refund':
    case 'refund_failure':
      return 'refund';
    case 'dispute':
    case 'dispute_reversal':
      return 'dispute';
    case 'fee':
    case 'network_cost':
    case 'other_adjustment':
      return reportingCategory === 'other_adjustment' ? 'adjustment' : 'fee';
    case 'payout':
    case 'payout_reversal':
      return 'payout';
    default:
      return 'other';
  }
}

export const STRIPE_REQUIRED = ['balance_transaction_id', 'created_utc', 'currency', 'gross', 'fee', 'net', 'reporting_category'] as const;

/**
 * Stripe's itemized payout reconciliation report (payout_reconciliation.itemized.*): one balance
 * transaction per row, amounts in major units, `created_utc` in UTC, currency in lower case.
 */
export function parseStripeReport(content: string): ParsedReport {
  const header = csvHeaderOf(content);
  const rows = csvRecords(content);
  requireColumns(rows, header, STRIPE_REQUIRED);
  const importId = importIdOf('stripe', content);
  const seen = new Set<string>();
  const lines = rows.map((row, i) => {
    const lineNo = i + 2;
    const id = (row.balance_transaction_id ?? '').trim();
    if (id === '') throw new SettlementReportError('a balance transaction id is required', lineNo, 'balance_transaction_id');
    if (seen.has(id)) throw new SettlementReportError(`balance transaction ${id} appears twice`, lineNo, 'balance_transaction_id');
    seen.add(id);
    const gross = decimalAt(row, 'gross', lineNo, true);
    const fee = decimalAt(row, 'fee', lineNo, true);
    const net = decimalAt(row, 'net', lineNo, true);
    if (!gross.minus(fee).eq(net)) throw new SettlementReportError(`net ${net.toString()} is not gross ${gross.toString()} - fee ${fee.toString()}`, lineNo, 'net');
    const recordType = (row.reporting_category ?? '').trim();
    return {
      lineId: `stripe:${id}`,
      provider: 'stripe' as const,
      lineNo,
      recordType,
      category: stripeCategory(recordType),
      paymentRef: (row.payment_intent_id ?? '').trim(),
      merchantRef: (row['payment_metadata[hourglass_invoice_id]'] ?? '').trim(),
      currency: currencyAt(row, 'currency', lineNo),
      gross,
      fee,
      net,
      createdAtMs: dateAt(row, 'created_utc', lineNo),
      payoutId: (row.automatic_payout_id ?? '').trim(),
      raw: row,
    };
  });
  return { importId, provider: 'stripe', lines };
}

function adyenCategory(type: string): LineCategory {
  switch (type) {
    case 'Settled':
    case 'SettledBulk':
    case 'SettledInInstallments':
      return 'charge';
    case 'Refunded':
    case 'RefundedBulk':
    case 'RefundedExternally':
    case 'RefundedInInstallments':
      return 'refund';
    case 'Chargeback':
    case 'ChargebackReversed':
    case 'SecondChargeback':
    case 'ChargebackExternally':
      return 'dispute';
    case 'Fee':
    case 'MiscCosts':
    case 'PaymentCost':
    case 'InvoiceDeduction':
      return 'fee';
    case 'MerchantPayout':
      return 'payout';
    case 'DepositCorrection':
    case 'Balancetransfer':
      return 'adjustment';
    default:
      return 'other';
  }
}

export const ADYEN_REQUIRED = ['Merchant Account', 'Psp Reference', 'Merchant Reference', 'Creation Date', 'Type', 'Gross Currency', 'Net Currency', 'Batch Number'] as const;
const ADYEN_FEE_COLUMNS = ['Commission (NC)', 'Markup (NC)', 'Scheme Fees (NC)', 'Interchange (NC)'] as const;

/**
 * Adyen's settlement details report: one journal line per row; `Gross Credit (GC)` / `Gross Debit
 * (GC)` in the gross currency, `Net Credit (NC)` / `Net Debit (NC)` and the fee columns in the net
 * currency, `Creation Date` in the row's `TimeZone`. The fee is the sum of the fee columns.
 */
export function parseAdyenReport(content: string): ParsedReport {
  const header = csvHeaderOf(content);
  const rows = csvRecords(content);
  requireColumns(rows, header, ADYEN_REQUIRED);
  if (!header.includes('Gross Credit (GC)') && !header.includes('Gross Debit (GC)')) throw new SettlementReportError('the column Gross Credit (GC) is missing from the header', 1, 'Gross Credit (GC)');
  const importId = importIdOf('adyen', content);
  const occurrences = new Map<string, number>();
  const lines = rows.map((row, i) => {
    const lineNo = i + 2;
    const type = (row.Type ?? '').trim();
    if (type === '') throw new SettlementReportError('a Type is required', lineNo, 'Type');
    const psp = (row['Psp Reference'] ?? '').trim();
    const batch = (row['Batch Number'] ?? '').trim();
    const modification = (row['Modification Reference'] ?? '').trim();
    const currency = currencyAt(row, 'Gross Currency', lineNo);
    const netCurrency = (row['Net Currency'] ?? '').trim() === '' ? currency : currencyAt(row, 'Net Currency', lineNo);
    if (netCurrency !== currency) throw new SettlementReportError(`net currency ${netCurrency} differs from gross currency ${currency}: currency conversion in settlement is not supported`, lineNo, 'Net Currency');
    const gross = decimalAt(row, 'Gross Credit (GC)', lineNo, false).minus(decimalAt(row, 'Gross Debit (GC)', lineNo, false));
    const net = decimalAt(row, 'Net Credit (NC)', lineNo, false).minus(decimalAt(row, 'Net Debit (NC)', lineNo, false));
    const fee = ADYEN_FEE_COLUMNS.reduce<Big>((sum, c) => sum.plus(decimalAt(row, c, lineNo, false)), new Dec(0));
    const key = `adyen:${(row['Merchant Account'] ?? '').trim()}:${batch}:${psp}:${type}:${modification}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    return {
      lineId: n === 1 ? key : `${key}#${n}`,
      provider: 'adyen' as const,
      lineNo,
      recordType: type,
      category: adyenCategory(type),
      paymentRef: psp,
      merchantRef: (row['Merchant Reference'] ?? '').trim(),
      currency,
      gross,
      fee,
      net,
      createdAtMs: dateAt(row, 'Creation Date', lineNo, (row.TimeZone ?? '').trim() || 'UTC'),
      payoutId: batch,
      raw: row,
    };
  });
  return { importId, provider: 'adyen', lines };
}

export function parseSettlementReport(provider: string, content: string): ParsedReport {
  if (provider === 'stripe') return parseStripeReport(content);
  if (provider === 'adyen') return parseAdyenReport(content);
  throw new DomainError('bad_request', `provider must be stripe or adyen, not ${JSON.stringify(provider)}`);
}

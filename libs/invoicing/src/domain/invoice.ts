import type Big from 'big.js';
import type { InvoiceLine } from '@hourglass/rating';
import type { InvoiceTax } from './tax';

export type InvoiceStatus = 'draft' | 'finalized' | 'paid' | 'void' | 'uncollectible';
export type LineKind = 'usage' | 'reserved' | 'adjustment' | 'credit';

/** A line as invoicing keeps it: rating's line, or a credit applied from a prepaid grant. */
export interface DraftLine extends Omit<InvoiceLine, 'kind'> {
  kind: LineKind;
  gpuCount: number;
  creditGrantId: string;
  description: string;
}

export interface DraftInvoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  period: string;
  lines: DraftLine[];
  subtotal: Big;
  creditsApplied: Big;
  total: Big;
  /** Tax beside the net total (README "Tax"); absent when no tax rules are configured. */
  tax?: InvoiceTax;
}

/** Deterministic, so a re-run of a killed billing run writes the same ids and its inserts deduplicate. */
export function invoiceIdFor(period: string, customerId: string, currency: string): string {
  return `in_${period.replace('-', '')}_${currency}_${customerId}`;
}

export function lineIdFor(invoiceId: string, lineNo: number): string {
  return `${invoiceId}:${String(lineNo).padStart(4, '0')}`;
}

/** Gap-free per billing entity and year, e.g. HG-2026-000123. */
export function formatInvoiceNumber(entity: string, year: number, seq: number): string {
  return `${entity}-${year}-${String(seq).padStart(6, '0')}`;
}

const KIND_ORDER: Record<LineKind, number> = { usage: 0, reserved: 1, adjustment: 2, credit: 3 };

export function compareDraftLines(a: DraftLine, b: DraftLine): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.servicePeriod.localeCompare(b.servicePeriod) ||
    (a.rentalId < b.rentalId ? -1 : a.rentalId > b.rentalId ? 1 : 0) ||
    a.priceBookVersion - b.priceBookVersion ||
    (a.creditGrantId < b.creditGrantId ? -1 : a.creditGrantId > b.creditGrantId ? 1 : 0)
  );
}

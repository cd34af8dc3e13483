import type Big from 'big.js';
import { dec, formatMoney, isKnownCurrency, isRoundedToMinor, minorUnits } from '@hourglass/money';
import { formatInvoiceNumber, type InvoiceStatus } from './invoice';
import { InvoicingError } from './invoicing-error';

/** What the lifecycle needs to know about an issued invoice to decide a change. */
export interface InvoiceState {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  status: InvoiceStatus;
  total: Big;
  /** Sum of every credit note issued against it so far. */
  credited: Big;
  /** The invoice's tax (0 without tax rules) and the tax its credit notes gave back so far. */
  taxTotal?: Big;
  taxCredited?: Big;
}

/**
 * Which status may follow which. Statuses only move forward, so the furthest one reached is the
 * current one (the `invoice_status` view relies on it); anything else is refused.
 */
export const TRANSITIONS: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  draft: ['finalized', 'void'],
  finalized: ['paid', 'void', 'uncollectible'],
  uncollectible: ['paid', 'void'],
  paid: [],
  void: [],
};

/** Statuses whose invoice takes credit notes: issued and not voided. */
export const CREDITABLE: readonly InvoiceStatus[] = ['finalized', 'paid', 'uncollectible'];

export type TransitionDecision =
  /** Already there: a retried request changes nothing and answers the same. */
  | { kind: 'unchanged'; status: InvoiceStatus }
  /** Move to `to`; a void first credits what is left (`voidCredit`), so the books net to zero. */
  | { kind: 'move'; to: InvoiceStatus; voidCredit: Big | null };

export function remainingOf(invoice: InvoiceState): Big {
  return invoice.total.minus(invoice.credited);
}

export function decideTransition(invoice: InvoiceState, to: InvoiceStatus): TransitionDecision {
  if (invoice.status === to) return { kind: 'unchanged', status: to };
  if (!TRANSITIONS[invoice.status].includes(to)) {
    throw new InvoicingError('invalid_transition', `invoice ${invoice.invoiceId} is ${invoice.status}; it cannot become ${to}`);
  }
  const remaining = remainingOf(invoice);
  return { kind: 'move', to, voidCredit: to === 'void' && remaining.gt(0) ? remaining : null };
}

export interface CreditNoteRequest {
  /** Decimal text; absent: everything that is left. */
  amount?: string;
  /** Void the invoice when this credits everything that is left (a paid invoice stays paid). */
  void?: boolean;
}

export interface CreditNoteDecision {
  amount: Big;
  voidsInvoice: boolean;
  /** The invoice's status once the note is issued: `void` when it credited the rest with `void`. */
  statusAfter: InvoiceStatus;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A partial credit: more than zero, at most what is left, in the currency's minor units. */
export function decideCreditNote(invoice: InvoiceState, request: CreditNoteRequest): CreditNoteDecision {
  if (!CREDITABLE.includes(invoice.status)) {
    throw new InvoicingError(
      'invalid_transition',
      `invoice ${invoice.invoiceId} is ${invoice.status}; only finalized, paid or uncollectible invoices take credit notes`,
    );
  }
  const remaining = remainingOf(invoice);
  const refuse = () =>
    new InvoicingError(
      'invalid_amount',
      `a credit note must be more than 0 and at most ${formatMoney(remaining, invoice.currency)} ${invoice.currency}, with at most ${minorUnits(invoice.currency)} decimals`,
    );
  if (request.amount !== undefined && !DECIMAL.test(String(request.amount))) throw refuse();
  const amount = request.amount === undefined ? remaining : dec(String(request.amount));
  if (!amount.gt(0) || amount.gt(remaining) || !isRoundedToMinor(amount, invoice.currency)) throw refuse();
  const voidsInvoice = Boolean(request.void);
  const voids = voidsInvoice && amount.eq(remaining) && invoice.status !== 'paid';
  return { amount, voidsInvoice, statusAfter: voids ? 'void' : invoice.status };
}

/** Gap-free per billing entity and year, apart from invoices: e.g. HG-CN-2026-000007. */
export function creditNoteNumber(entity: string, year: number, seq: number): string {
  return formatInvoiceNumber(creditNoteSeries(entity), year, seq);
}

export function creditNoteSeries(entity: string): string {
  return `${entity}-CN`;
}

/** What every credit-note number of the entity and year starts with; the sequence follows it. */
export function creditNoteNumberPrefix(entity: string, year: number): string {
  return `${creditNoteSeries(entity)}-${year}-`;
}

export interface CreditGrantRequest {
  grantId?: string;
  customerId: string;
  currency: string;
  amount: string;
  priority?: number;
  expiresAt?: string | null;
  description?: string;
}

export interface ValidGrant {
  customerId: string;
  currency: string;
  amount: Big;
  priority: number;
  expiresAtMs: number | null;
  description: string;
}

/** A prepaid grant: a positive amount in the currency's minor units, an optional valid expiry. */
export function validateGrant(request: CreditGrantRequest): ValidGrant {
  const problems: string[] = [];
  if (!request.customerId || typeof request.customerId !== 'string') problems.push('customerId is required');
  const currency = String(request.currency ?? '');
  const known = isKnownCurrency(currency);
  if (!known) problems.push(`currency ${request.currency} is not an ISO 4217 code`);
  const amountText = String(request.amount ?? '');
  const amount = DECIMAL.test(amountText) ? dec(amountText) : null;
  if (!amount || !amount.gt(0) || (known && !isRoundedToMinor(amount, currency))) {
    problems.push(`amount ${request.amount} must be positive${known ? ` with at most ${minorUnits(currency)} decimals for ${currency}` : ''}`);
  }
  const priority = request.priority ?? 0;
  if (!Number.isInteger(priority)) problems.push(`priority ${request.priority} is not an integer`);
  const expiresAtMs = request.expiresAt ? Date.parse(request.expiresAt) : null;
  if (expiresAtMs !== null && Number.isNaN(expiresAtMs)) problems.push(`expiresAt ${request.expiresAt} is not a timestamp`);
  if (problems.length > 0) throw new InvoicingError('invalid_grant', problems.join('; '));
  return { customerId: request.customerId, currency, amount: amount!, priority, expiresAtMs, description: request.description ?? '' };
}

import { DEFAULT_ROUNDING_MODE, Dec, isKnownCurrency, minorUnits, type RoundingMode } from '@hourglass/money';
import { REVERSE_CHARGE_NOTE } from '../domain/tax';
import type { CreditNoteView, InvoiceLineView, InvoiceView } from '../adapters/clickhouse-invoice-query.service';
import type { InvoiceCustomer } from './invoice-customer';

export type { InvoiceCustomer };

/** Who issues the invoice: shown in the header of every document. */
export interface InvoiceIssuer {
  name: string;
  /** The billing entity whose number sequence the invoice belongs to, e.g. "HG". */
  entity: string;
  address?: readonly string[];
  taxId?: string | null;
  /** Where to pay: account holder, IBAN, BIC, bank, one per line. */
  bankDetails?: readonly string[];
  email?: string | null;
}


export interface InvoiceDocumentOptions {
  /** The currency's configured rounding (HOURGLASS_ROUNDING); the footer must state the mode actually used. */
  roundingMode?: RoundingMode;
  customer?: InvoiceCustomer | null;
  /** BCP 47 locale for numbers (grouping, decimal mark); dates stay ISO. Default en-US. */
  locale?: string;
  /** Used when the customer names no payment terms. */
  defaultPaymentTermsDays?: number;
}

/** A block of the header: who, then address, tax id and bank lines. */
export interface DocumentParty {
  heading: string;
  name: string;
  lines: string[];
}

/** One row of the line table, every cell already a display string. */
export interface DocumentLine {
  kind: string;
  /** "Adjustment" lines name the service period they correct (CONTRACTS §3). */
  kindLabel: string;
  kindDetail: string;
  rental: string;
  servicePeriod: string;
  priceBook: string;
  quantityGpuHours: string;
  unitPrice: string;
  amount: string;
}

export interface DocumentTotal {
  label: string;
  amount: string;
  emphasis: boolean;
}

/**
 * What an invoice document says, independent of HTML or PDF. Both renderers draw this one model so
 * the two documents cannot disagree about a label, a sign or an amount.
 */
export interface InvoiceDocument {
  /** What the document is: "Invoice" or "Credit note" (heading, page footers, continuation pages). */
  kindName: 'Invoice' | 'Credit note';
  /** The header's key/value block, in order (number, status, dates, period, customer, currency…). */
  meta: Array<[string, string]>;
  issuer: InvoiceIssuer;
  /** "From" and "Bill to" blocks, in that order. */
  parties: DocumentParty[];
  /** Issue date plus the payment terms; null for a document with nothing to pay (void, draft). */
  dueDate: string | null;
  paymentTerms: string;
  number: string;
  invoiceId: string;
  status: string;
  statusLabel: string;
  /** Large mark across the header; null for an ordinary finalized invoice. */
  stamp: 'VOID' | 'PAID' | 'DRAFT' | 'UNCOLLECTIBLE' | null;
  issueDate: string;
  periodFrom: string;
  /** Inclusive last day: periodEnd is exclusive and would read as one day too many. */
  periodTo: string;
  customerId: string;
  currency: string;
  lines: DocumentLine[];
  totals: DocumentTotal[];
  notes: string[];
}

const STAMPS: Record<string, InvoiceDocument['stamp']> = {
  void: 'VOID',
  paid: 'PAID',
  draft: 'DRAFT',
  uncollectible: 'UNCOLLECTIBLE',
};

const ROUNDING_WORDS: Record<RoundingMode, string> = {
  half_away_from_zero: 'half away from zero',
  half_up: 'half up (ties away from zero)',
  half_even: 'half to even',
  down: 'towards zero',
  up: 'away from zero',
};

const TREATMENT_WORDS: Record<string, string> = {
  reverse_charge: 'reverse charge',
  exempt: 'exempt',
  none: 'not charged',
};

/** "0.19" → "19%", "0.055" → "5.5%": exact, on the decimal string. */
export function formatRate(rate: string, locale = 'en-US'): string {
  return `${formatDecimal(new Dec(rate).times(100).toFixed(), 0, locale)}%`;
}

/** The tax rows of the totals and the sentences the footer must carry, for an invoice with tax. */
function taxRows(invoice: InvoiceView, money: (a: string) => string, locale: string): DocumentTotal[] {
  if (!invoice.taxRounding) return [];
  const treatment = invoice.taxTreatment;
  return invoice.taxes.map((t) => ({
    label:
      treatment === 'standard' && t.rate !== '0'
        ? `${t.name} ${formatRate(t.rate, locale)} on ${money(t.taxable)}`
        : `${t.name} ${formatRate(t.rate, locale)} (${TREATMENT_WORDS[treatment] ?? treatment}) on ${money(t.taxable)}`,
    amount: money(t.tax),
    emphasis: false,
  }));
}

export function taxNotes(invoice: Pick<InvoiceView, 'taxTreatment' | 'taxRounding'>, modeWords: string): string[] {
  if (!invoice.taxRounding) return [];
  const notes: string[] = [];
  if (invoice.taxTreatment === 'reverse_charge') notes.push(REVERSE_CHARGE_NOTE + '.');
  if (invoice.taxTreatment === 'exempt') notes.push('Exempt from VAT: the customer is registered as tax-exempt; no VAT is charged.');
  if (invoice.taxTreatment === 'standard') {
    notes.push(
      invoice.taxRounding === 'line'
        ? `Tax is computed on each line's net amount and rounded per line, ${modeWords}; the tax total adds the rounded line taxes.`
        : `Tax is computed per rate on the sum of the net line amounts and rounded once per invoice, ${modeWords}.`,
    );
  }
  return notes;
}

const KIND_LABELS: Record<string, string> = {
  usage: 'Usage',
  reserved: 'Reserved',
  adjustment: 'Adjustment',
  credit: 'Credit',
};

export const DASH = '\u2014';

function isZero(amount: string): boolean {
  return /^[-+]?0*(\.0*)?$/.test(amount);
}

/**
 * Sign flip on the decimal string itself: amounts arrive already rounded and formatted to the
 * currency's minor units, and any parse (a float above all) could change the digits shown.
 */
export function negated(amount: string): string {
  if (isZero(amount)) return amount.replace(/^[-+]/, '');
  return amount.startsWith('-') ? amount.slice(1) : '-' + amount.replace(/^\+/, '');
}

/** Credits reduce what is owed; shown negative whatever sign the stored row happens to carry. */
export function asNegative(amount: string): string {
  if (isZero(amount)) return amount.replace(/^[-+]/, '');
  return amount.startsWith('-') ? amount : negated(amount);
}

/** "2026-09-30T00:00:00.000Z" → "2026-09-30"; an unparseable value is shown as it came. */
function day(isoTimestamp: string, offsetMs = 0): string {
  const ms = Date.parse(isoTimestamp);
  return Number.isNaN(ms) ? isoTimestamp : new Date(ms + offsetMs).toISOString().slice(0, 10);
}

function decimalsOf(amount: string): number {
  const point = amount.indexOf('.');
  return point < 0 ? 0 : amount.length - point - 1;
}

/**
 * A decimal string grouped and marked for the locale, exactly: Intl formats the string itself (no
 * float on the way), and `digits` is at least what the string has, so nothing is rounded.
 */
export function formatDecimal(amount: string, digits: number, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, decimalsOf(amount)) });
  return format.format(amount as unknown as number);
}

/** GPU-hours for reading: three decimals (3.6 GPU-seconds); the exact GPU-ms stay in the data. */
export function formatQuantity(gpuHours: string, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(gpuHours as unknown as number);
}

function documentLine(line: InvoiceLineView, digits: number, locale: string): DocumentLine {
  const isCredit = line.kind === 'credit';
  const version = line.priceBookVersion === null ? '' : `v${line.priceBookVersion}`;
  return {
    kind: line.kind,
    kindLabel: KIND_LABELS[line.kind] ?? line.kind,
    kindDetail: line.kind === 'adjustment' ? `late usage of ${line.servicePeriod}` : '',
    rental: isCredit ? line.description || DASH : (line.rentalId ?? DASH),
    servicePeriod: line.servicePeriod,
    priceBook: [line.priceBookId ?? '', version].filter(Boolean).join(' ') || DASH,
    quantityGpuHours: isCredit ? DASH : formatQuantity(line.quantityGpuHours, locale),
    unitPrice: line.unitPrice === null ? DASH : formatDecimal(line.unitPrice, 0, locale),
    amount: formatDecimal(isCredit ? asNegative(line.amount) : line.amount, digits, locale),
  };
}

function issuerParty(issuer: InvoiceIssuer): DocumentParty {
  return {
    heading: 'From',
    name: issuer.name,
    lines: [
      ...(issuer.address ?? []),
      ...(issuer.taxId ? [`Tax ID ${issuer.taxId}`] : []),
      ...(issuer.email ? [issuer.email] : []),
    ],
  };
}

function customerParty(customerId: string, customer: InvoiceCustomer | null | undefined): DocumentParty {
  if (!customer) return { heading: 'Bill to', name: customerId, lines: [`Customer ${customerId}`] };
  return {
    heading: 'Bill to',
    name: customer.legalName || customer.name,
    lines: [...(customer.address ?? []), ...(customer.taxId ? [`Tax ID ${customer.taxId}`] : []), `Customer ${customerId}`],
  };
}

export function invoiceDocument(invoice: InvoiceView, issuer: InvoiceIssuer, options: InvoiceDocumentOptions = {}): InvoiceDocument {
  const currency = invoice.currency;
  const digits = isKnownCurrency(currency) ? minorUnits(currency) : decimalsOf(invoice.total);
  const mode = options.roundingMode ?? DEFAULT_ROUNDING_MODE;
  const locale = options.locale ?? 'en-US';
  const lines = invoice.lines.map((line) => documentLine(line, digits, locale));
  const termsDays = options.customer?.paymentTermsDays ?? options.defaultPaymentTermsDays ?? 30;
  const owes = invoice.status === 'finalized' || invoice.status === 'paid' || invoice.status === 'uncollectible';
  const money = (amount: string) => formatDecimal(amount, digits, locale);
  const notes = [
    `Each line's amount is its unit price \u00d7 its exact GPU-milliseconds \u00f7 3,600,000, rounded once, ${ROUNDING_WORDS[mode]}, ` +
      `to the currency's minor units (${currency}: ${digits} decimal place${digits === 1 ? '' : 's'}). ` +
      'Subtotal and total add the rounded line amounts and are not rounded again.',
    'Quantities are shown in GPU-hours to three decimal places for reading; amounts are computed from the exact GPU-milliseconds, which the invoice data keeps.',
  ];
  if (owes && invoice.status !== 'paid' && issuer.bankDetails && issuer.bankDetails.length > 0) {
    notes.unshift(`Please pay ${money(invoice.amountDue)} ${currency} by ${day(invoice.issuedAt, termsDays * 86_400_000)}, quoting ${invoice.number}, to: ${issuer.bankDetails.join(', ')}.`);
  }
  if (lines.some((l) => l.kind === 'adjustment')) {
    notes.push('Adjustment lines charge usage that arrived after its service period had been invoiced; each is rounded on its own.');
  }
  if (lines.some((l) => l.kind === 'credit')) notes.push('Credit lines apply prepaid credit and never take the total below zero.');
  const taxed = Boolean(invoice.taxRounding);
  const statements = taxNotes(invoice, ROUNDING_WORDS[mode]);
  // The reverse-charge or exemption sentence leads the footer: the law requires it on the document.
  if (statements.length > 0 && invoice.taxTreatment !== 'standard') notes.unshift(...statements);
  else notes.push(...statements);
  notes.push(`All amounts in ${currency}. Billing periods are calendar months in UTC. Invoice id ${invoice.invoiceId}.`);
  const dueDate = owes ? day(invoice.issuedAt, termsDays * 86_400_000) : null;
  return {
    kindName: 'Invoice',
    meta: [
      ['Invoice number', invoice.number],
      ['Status', invoice.status.charAt(0).toUpperCase() + invoice.status.slice(1)],
      ['Issue date', day(invoice.issuedAt)],
      ...(dueDate ? ([['Due date', `${dueDate} (${termsDays === 0 ? 'due on receipt' : `net ${termsDays} days`})`]] as Array<[string, string]>) : []),
      ['Billing period', `${day(invoice.periodStart)} \u2013 ${day(invoice.periodEnd, -1)} (UTC)`],
      ['Customer', invoice.customerId],
      ['Currency', currency],
    ],
    issuer,
    parties: [issuerParty(issuer), customerParty(invoice.customerId, options.customer)],
    dueDate,
    paymentTerms: termsDays === 0 ? 'due on receipt' : `net ${termsDays} days`,
    number: invoice.number,
    invoiceId: invoice.invoiceId,
    status: invoice.status,
    statusLabel: invoice.status.charAt(0).toUpperCase() + invoice.status.slice(1),
    stamp: STAMPS[invoice.status] ?? null,
    issueDate: day(invoice.issuedAt),
    periodFrom: day(invoice.periodStart),
    periodTo: day(invoice.periodEnd, -1),
    customerId: invoice.customerId,
    currency,
    lines,
    totals: [
      { label: 'Subtotal', amount: money(invoice.subtotal), emphasis: false },
      { label: 'Credits applied', amount: money(asNegative(invoice.creditsApplied)), emphasis: false },
      ...(taxed
        ? [
            { label: 'Total excl. tax', amount: money(invoice.total), emphasis: true },
            ...taxRows(invoice, money, locale),
            { label: 'Total tax', amount: money(invoice.taxTotal), emphasis: false },
            { label: 'Total incl. tax', amount: money(invoice.totalWithTax), emphasis: true },
          ]
        : [{ label: 'Total', amount: money(invoice.total), emphasis: true }]),
      { label: 'Credit notes', amount: money(asNegative(invoice.creditNotes)), emphasis: false },
      ...(taxed && !isZero(invoice.creditNotesTax) ? [{ label: 'Tax on credit notes', amount: money(asNegative(invoice.creditNotesTax)), emphasis: false }] : []),
      ...(invoice.amountPaid && !/^0*(\.0*)?$/.test(invoice.amountPaid) ? [{ label: 'Paid', amount: money(asNegative(invoice.amountPaid)), emphasis: false }] : []),
      ...(invoice.amountRefunded && !/^0*(\.0*)?$/.test(invoice.amountRefunded) ? [{ label: 'Refunded', amount: money(invoice.amountRefunded), emphasis: false }] : []),
      { label: 'Amount due', amount: money(invoice.amountDue), emphasis: true },
    ],
    notes,
  };
}

/**
 * A credit note as a document of its own, drawn by the same renderers as invoices: one credit line
 * naming the invoice it corrects, the net amount, its tax and the total credited, all negative.
 */
export function creditNoteDocument(note: CreditNoteView, invoice: InvoiceView, issuer: InvoiceIssuer, options: InvoiceDocumentOptions = {}): InvoiceDocument {
  const currency = note.currency;
  const digits = isKnownCurrency(currency) ? minorUnits(currency) : decimalsOf(note.amount);
  const locale = options.locale ?? 'en-US';
  const mode = options.roundingMode ?? DEFAULT_ROUNDING_MODE;
  const money = (amount: string) => formatDecimal(amount, digits, locale);
  const taxed = Boolean(invoice.taxRounding);
  const rates = invoice.taxes.filter((t) => t.rate !== '0').map((t) => `${t.name} ${formatRate(t.rate, locale)}`);
  const notes = [
    ...(taxed && invoice.taxTreatment !== 'standard' ? taxNotes(invoice, ROUNDING_WORDS[mode]) : []),
    `This credit note corrects invoice ${invoice.number} of ${day(invoice.issuedAt)} (billing period ${day(invoice.periodStart)} \u2013 ${day(invoice.periodEnd, -1)}).`,
    ...(taxed && invoice.taxTreatment === 'standard'
      ? [`Its tax is the invoice's tax (${rates.join(', ') || 'no rate'}) in proportion to the net amount credited, rounded ${ROUNDING_WORDS[mode]}; the note that credits the last of the invoice credits the last of its tax.`]
      : []),
    note.voidsInvoice ? `Invoice ${invoice.number} is void.` : `What is credited reduces what is owed on invoice ${invoice.number}; a paid amount becomes the customer's credit balance.`,
    `All amounts in ${currency}. Credit note id ${note.creditNoteId}.`,
  ];
  return {
    kindName: 'Credit note',
    meta: [
      ['Credit note number', note.number],
      ['Issue date', day(note.issuedAt)],
      ['Credits invoice', invoice.number],
      ['Billing period', `${day(invoice.periodStart)} \u2013 ${day(invoice.periodEnd, -1)} (UTC)`],
      ['Customer', note.customerId],
      ['Currency', currency],
    ],
    issuer,
    parties: [issuerParty(issuer), customerParty(note.customerId, options.customer)],
    dueDate: null,
    paymentTerms: '',
    number: note.number,
    invoiceId: invoice.invoiceId,
    status: 'issued',
    statusLabel: 'Issued',
    stamp: null,
    issueDate: day(note.issuedAt),
    periodFrom: day(invoice.periodStart),
    periodTo: day(invoice.periodEnd, -1),
    customerId: note.customerId,
    currency,
    lines: [
      {
        kind: 'credit',
        kindLabel: 'Credit',
        kindDetail: note.voidsInvoice ? 'voids the invoice' : '',
        rental: note.reason ? `${invoice.number}: ${note.reason}` : invoice.number,
        servicePeriod: invoice.periodStart.slice(0, 7),
        priceBook: DASH,
        quantityGpuHours: DASH,
        unitPrice: DASH,
        amount: money(asNegative(note.amount)),
      },
    ],
    totals: taxed
      ? [
          { label: 'Credited excl. tax', amount: money(asNegative(note.amount)), emphasis: true },
          {
            label: invoice.taxTreatment === 'standard' ? `Tax (${rates.join(', ') || '0%'})` : `VAT 0% (${TREATMENT_WORDS[invoice.taxTreatment] ?? invoice.taxTreatment})`,
            amount: money(asNegative(note.taxAmount)),
            emphasis: false,
          },
          { label: 'Total credited', amount: money(asNegative(note.totalWithTax)), emphasis: true },
        ]
      : [{ label: 'Total credited', amount: money(asNegative(note.amount)), emphasis: true }],
    notes,
  };
}

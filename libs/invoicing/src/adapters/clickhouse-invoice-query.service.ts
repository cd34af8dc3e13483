import type { ClickHouseClient } from '@clickhouse/client';
import { parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type Big from 'big.js';
import { dec, formatMoney } from '@hourglass/money';
import type { InvoiceCustomer } from '../documents/invoice-customer';

/** An invoice as CONTRACTS §4 prints it: amounts as decimal strings in the currency's minor units. */
export interface InvoiceView {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  subtotal: string;
  creditsApplied: string;
  creditNotes: string;
  total: string;
  /** Captured and recorded payments (CONTRACTS §6). */
  amountPaid: string;
  amountRefunded: string;
  /** max(0, total + taxTotal − credit notes − their tax − amountPaid + amountRefunded); 0 for void invoices. */
  amountDue: string;
  /**
   * Tax beside the net `total` (README "Tax"): `taxTotal` = Σ lines' `taxAmount`, `totalWithTax` =
   * total + taxTotal, `creditNotesTax` the tax its credit notes gave back. `taxTreatment` is `none`
   * for an invoice without tax (no rules configured, or billed before tax existed).
   */
  taxTotal: string;
  totalWithTax: string;
  creditNotesTax: string;
  taxTreatment: string;
  /** `line` or `invoice`; null when no tax was computed. */
  taxRounding: string | null;
  /** Per (name, rate): the taxable base and the tax; empty without tax. */
  taxes: Array<{ name: string; rate: string; taxable: string; tax: string }>;
  issuedAt: string;
  lines: InvoiceLineView[];
}

/** A credit note as the API and documents show it (CONTRACTS: `amount` net, tax beside it). */
export interface CreditNoteView {
  creditNoteId: string;
  number: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: string;
  taxAmount: string;
  /** amount + taxAmount: what the note takes off what the customer owes. */
  totalWithTax: string;
  reason: string;
  voidsInvoice: boolean;
  issuedAt: string;
}

export interface InvoiceLineView {
  lineId: string;
  kind: string;
  rentalId: string | null;
  operatorId: string | null;
  priceBookId: string | null;
  priceBookVersion: number | null;
  servicePeriod: string;
  gpuMs: string;
  quantityGpuHours: string;
  unitPrice: string | null;
  amount: string;
  operatorShare: string;
  platformFee: string;
  description: string;
  /** Decimal fraction ("0.19"), "0" without tax. */
  taxRate: string;
  taxName: string;
  taxAmount: string;
}

type Row = Record<string, string>;

/** Decimal(38,12) comes back as "2.490000000000"; people and tests expect "2.49". */
function plain(value: string): string {
  return dec(value).toFixed();
}

function iso(value: string): string {
  return new Date(parseChDateTime(value)).toISOString();
}

export class InvoiceQueryService {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  /** What an invoice document says of its customer, from the latest version of the customer's document. */
  async customerForDocuments(customerId: string): Promise<InvoiceCustomer | null> {
    const [row] = await queryRows<{ name: string; document: string }>(this.client, `SELECT name, document FROM ${this.db}.customers WHERE customer_id = {id:String}`, {
      id: customerId,
    });
    if (!row) return null;
    let doc: Record<string, unknown> = {};
    try {
      doc = JSON.parse(row.document) as Record<string, unknown>;
    } catch {
      // Stored by the reference module after validation; an unreadable one still has its name.
    }
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
    return {
      name: row.name,
      legalName: text(doc.legalName),
      address: Array.isArray(doc.billingAddress) ? doc.billingAddress.filter((l): l is string => typeof l === 'string') : [],
      taxId: text(doc.taxId),
      paymentTermsDays: typeof doc.paymentTermsDays === 'number' ? doc.paymentTermsDays : null,
    };
  }

  /** One credit note by id or number, amounts as decimal strings in the currency's minor units. */
  async creditNote(idOrNumber: string): Promise<CreditNoteView | null> {
    const [r] = await queryRows<Row>(
      this.client,
      `SELECT credit_note_id, number, invoice_id, customer_id, currency, amount, tax_amount, reason, voids_invoice, issued_at
       FROM ${this.db}.credit_notes FINAL WHERE credit_note_id = {id:String} OR number = {id:String} LIMIT 1`,
      { id: idOrNumber },
    );
    if (!r) return null;
    const currency = r.currency!;
    const amount = dec(r.amount!);
    const tax = dec(r.tax_amount ?? '0');
    return {
      creditNoteId: r.credit_note_id!,
      number: r.number!,
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency,
      amount: formatMoney(amount, currency),
      taxAmount: formatMoney(tax, currency),
      totalWithTax: formatMoney(amount.plus(tax), currency),
      reason: r.reason ?? '',
      voidsInvoice: String(r.voids_invoice) === 'true' || String(r.voids_invoice) === '1',
      issuedAt: iso(r.issued_at!),
    };
  }

  async invoices(filter: { period?: string; customerId?: string; invoiceId?: string }): Promise<InvoiceView[]> {
    const where = [
      filter.period ? 'period = {period:String}' : '1',
      filter.customerId ? 'customer_id = {customerId:String}' : '1',
      filter.invoiceId ? '(invoice_id = {invoiceId:String} OR number = {invoiceId:String})' : '1',
    ].join(' AND ');
    const params = { period: filter.period ?? '', customerId: filter.customerId ?? '', invoiceId: filter.invoiceId ?? '' };
    const headers = await queryRows<Row>(
      this.client,
      `SELECT i.invoice_id AS invoice_id, i.number AS number, i.customer_id AS customer_id, i.currency AS currency,
              i.period_start AS period_start, i.period_end AS period_end, i.issued_at AS issued_at,
              i.subtotal AS subtotal, i.credits_applied AS credits_applied, i.total AS total,
              i.tax_total AS tax_total, i.tax_treatment AS tax_treatment, i.tax_rounding AS tax_rounding, ifNull(c.credited_tax, 0) AS credited_tax,
              ifNull(s.status, 'draft') AS status, ifNull(c.credited, 0) AS credited,
              b.status AS balance_status, b.amount_paid AS amount_paid, b.amount_refunded AS amount_refunded, b.amount_due AS amount_due
       FROM (SELECT * FROM ${this.db}.invoices FINAL WHERE ${where}) AS i
       LEFT JOIN ${this.db}.invoice_status AS s ON s.invoice_id = i.invoice_id
       LEFT JOIN (SELECT invoice_id, sum(amount) AS credited, sum(tax_amount) AS credited_tax FROM ${this.db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = i.invoice_id
       -- Payments' view (migration 009): amounts paid, refunded and due, and 'paid' once nothing is due.
       LEFT JOIN (SELECT invoice_id, status, amount_paid, amount_refunded, amount_due FROM ${this.db}.invoice_balances
                  WHERE invoice_id IN (SELECT invoice_id FROM ${this.db}.invoices WHERE ${where})) AS b ON b.invoice_id = i.invoice_id
       ORDER BY i.number
       SETTINGS join_use_nulls = 1`,
      params,
    );
    if (headers.length === 0) return [];
    const lines = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.invoice_lines FINAL WHERE invoice_id IN {ids:Array(String)} ORDER BY invoice_id, line_no`,
      { ids: headers.map((h) => h.invoice_id!) },
    );
    const byInvoice = new Map<string, Row[]>();
    for (const l of lines) {
      const list = byInvoice.get(l.invoice_id!);
      if (list) list.push(l);
      else byInvoice.set(l.invoice_id!, [l]);
    }
    return headers.map((h) => {
      const currency = h.currency!;
      const money = (v: string) => formatMoney(dec(v), currency);
      const credited = dec(h.credited ?? '0');
      const status = h.balance_status ?? h.status!;
      const lineRows = byInvoice.get(h.invoice_id!) ?? [];
      const taxTotal = dec(h.tax_total ?? '0');
      const taxes = new Map<string, { name: string; rate: string; taxable: Big; tax: Big }>();
      if (h.tax_rounding) {
        for (const l of lineRows) {
          const rate = plain(l.tax_rate ?? '0');
          const name = l.tax_name || 'VAT';
          const key = `${name} ${rate}`;
          const g = taxes.get(key) ?? { name, rate, taxable: dec('0'), tax: dec('0') };
          g.taxable = g.taxable.plus(dec(l.amount!));
          g.tax = g.tax.plus(dec(l.tax_amount ?? '0'));
          taxes.set(key, g);
        }
      }
      return {
        invoiceId: h.invoice_id!,
        number: h.number!,
        customerId: h.customer_id!,
        currency,
        periodStart: iso(h.period_start!),
        periodEnd: iso(h.period_end!),
        status,
        subtotal: money(h.subtotal!),
        creditsApplied: money(h.credits_applied!),
        creditNotes: formatMoney(credited, currency),
        total: money(h.total!),
        amountPaid: money(h.amount_paid ?? '0'),
        amountRefunded: money(h.amount_refunded ?? '0'),
        amountDue: money(h.amount_due ?? '0'),
        taxTotal: formatMoney(taxTotal, currency),
        totalWithTax: formatMoney(dec(h.total!).plus(taxTotal), currency),
        creditNotesTax: money(h.credited_tax ?? '0'),
        taxTreatment: h.tax_treatment || 'none',
        taxRounding: h.tax_rounding || null,
        taxes: [...taxes.values()].map((g) => ({ name: g.name, rate: g.rate, taxable: formatMoney(g.taxable, currency), tax: formatMoney(g.tax, currency) })),
        issuedAt: iso(h.issued_at!),
        lines: lineRows.map((l) => ({
          lineId: l.line_id!,
          kind: l.kind!,
          rentalId: l.rental_id || null,
          operatorId: l.operator_id || null,
          priceBookId: l.price_book_id || null,
          priceBookVersion: l.kind === 'credit' ? null : Number(l.price_book_version),
          servicePeriod: l.service_period!,
          gpuMs: l.gpu_ms!,
          quantityGpuHours: l.quantity_gpu_hours!,
          unitPrice: l.unit_price_text || (l.unit_price === null || l.unit_price === undefined ? null : plain(l.unit_price)),
          amount: money(l.amount!),
          operatorShare: money(l.operator_share!),
          platformFee: money(l.platform_fee!),
          description: l.description ?? '',
          taxRate: plain(l.tax_rate ?? '0'),
          taxName: l.tax_name ?? '',
          taxAmount: money(l.tax_amount ?? '0'),
        })),
      };
    });
  }
}

import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { InvoiceDirectory, InvoiceForPayment } from '../ports';

/**
 * Invoices as payments needs them, read from invoicing's tables by SQL: payments depends on
 * invoicing's data, never the reverse, and not on a service invoicing is still reshaping.
 */
export class ClickHouseInvoiceDirectory implements InvoiceDirectory {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async invoice(idOrNumber: string): Promise<InvoiceForPayment | null> {
    if (!idOrNumber) return null;
    const db = '`' + this.database + '`';
    const [row] = await queryRows<Record<string, string>>(
      this.client,
      `SELECT i.invoice_id AS invoice_id, i.number AS number, i.customer_id AS customer_id, i.currency AS currency,
              toString(i.total) AS total, ifNull(s.status, 'draft') AS status, toString(ifNull(c.credited, 0)) AS credited,
              toString(i.tax_total) AS tax_total, toString(ifNull(c.credited_tax, 0)) AS credited_tax
       FROM (SELECT * FROM ${db}.invoices FINAL WHERE invoice_id = {id:String} OR number = {id:String}) AS i
       LEFT JOIN ${db}.invoice_status AS s ON s.invoice_id = i.invoice_id
       LEFT JOIN (SELECT invoice_id, sum(amount) AS credited, sum(tax_amount) AS credited_tax FROM ${db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = i.invoice_id
       LIMIT 1
       SETTINGS join_use_nulls = 1`,
      { id: idOrNumber },
    );
    if (!row) return null;
    return {
      invoiceId: row.invoice_id!,
      number: row.number!,
      customerId: row.customer_id!,
      currency: row.currency!,
      status: row.status!,
      total: dec(row.total!),
      creditNotes: dec(row.credited ?? '0'),
      taxTotal: dec(row.tax_total ?? '0'),
      creditNotesTax: dec(row.credited_tax ?? '0'),
    };
  }
}

import type { ClickHouseClient } from '@clickhouse/client';
import { parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { CreditApplied, CreditNoteIssued, FinalizedLine, InvoiceFinalized, InvoiceVoided } from '../domain/templates';
import { TXN_PREFIX } from '../domain/txn-ids';
import type { InvoicingFacts } from '../ports';
import { chargedLinesSql, creditNotesSql, creditsAppliedSql, finalizedInvoicesSql, voidsSql } from './invoicing-facts.sql';

type Row = Record<string, string>;

/** Invoicing's facts as the ledger's templates take them; maps rows, decides nothing. */
export class ClickHouseInvoicingFacts implements InvoicingFacts {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private rows(sql: string, prefix: string, after: string, limit: number): Promise<Row[]> {
    return queryRows<Row>(this.client, sql, { prefix, after, limit });
  }

  async finalizedInvoices(afterTxnId: string, limit: number): Promise<InvoiceFinalized[]> {
    const heads = await this.rows(finalizedInvoicesSql(this.db), TXN_PREFIX.invoiceFinalized, afterTxnId, limit);
    if (heads.length === 0) return [];
    const lines = await queryRows<Row>(this.client, chargedLinesSql(this.db), { ids: heads.map((h) => h.invoice_id) });
    const byInvoice = new Map<string, FinalizedLine[]>();
    for (const l of lines) {
      const list = byInvoice.get(l.invoice_id!) ?? [];
      list.push({
        lineId: l.line_id!,
        kind: l.kind as FinalizedLine['kind'],
        operatorId: l.operator_id!,
        amount: dec(l.amount!),
        operatorShare: dec(l.operator_share!),
        platformFee: dec(l.platform_fee!),
      });
      byInvoice.set(l.invoice_id!, list);
    }
    return heads.map((h) => ({
      invoiceId: h.invoice_id!,
      customerId: h.customer_id!,
      currency: h.currency!,
      eventId: h.event_id!,
      finalizedAtMs: parseChDateTime(h.at!),
      lines: byInvoice.get(h.invoice_id!) ?? [],
      taxTotal: dec(h.tax_total ?? '0'),
    }));
  }

  async creditsApplied(afterTxnId: string, limit: number): Promise<CreditApplied[]> {
    const rows = await this.rows(creditsAppliedSql(this.db), TXN_PREFIX.creditApplied, afterTxnId, limit);
    return rows.map((r) => ({
      lineId: r.line_id!,
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      // Credit lines are negative on the invoice; the template takes what the credit paid.
      amount: dec(r.amount!).abs(),
      source: { grantId: r.credit_grant_id! },
      appliedAtMs: parseChDateTime(r.at!),
    }));
  }

  async creditNotes(afterTxnId: string, limit: number): Promise<CreditNoteIssued[]> {
    const rows = await this.rows(creditNotesSql(this.db), TXN_PREFIX.creditNote, afterTxnId, limit);
    return rows.map((r) => ({
      creditNoteId: r.credit_note_id!,
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      amount: dec(r.amount!),
      taxAmount: dec(r.tax_amount ?? '0'),
      issuedAtMs: parseChDateTime(r.issued_at!),
    }));
  }

  async voids(afterTxnId: string, limit: number): Promise<InvoiceVoided[]> {
    const rows = await this.rows(voidsSql(this.db), TXN_PREFIX.invoiceVoided, afterTxnId, limit);
    return rows.map((r) => ({
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      eventId: r.event_id!,
      voidedAtMs: parseChDateTime(r.at!),
      uncredited: dec(r.uncredited!),
      taxUncredited: dec(r.tax_uncredited ?? '0'),
    }));
  }
}

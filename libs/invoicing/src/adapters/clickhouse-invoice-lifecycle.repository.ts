import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import type { InvoiceState } from '../domain';
import type { CreditBalance, CreditGrantRecord, CreditNote, InvoiceLifecycleRepository, StatusEvent } from '../ports';
import {
  creditBalanceFromRow,
  creditGrantFromRow,
  creditGrantToRow,
  creditNoteFromRow,
  creditNoteToRow,
  invoiceStateFromRow,
  statusEventToRow,
  type CreditGrantRow,
  type CreditNoteRow,
  type InvoiceStateRow,
} from './mapping';

/** Adapter only: queries and mapping of status events, credit notes and grants; it decides nothing. */
export class ClickHouseInvoiceLifecycleRepository implements InvoiceLifecycleRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private table(name: string): string {
    return `${this.database}.${name}`;
  }

  async invoiceState(idOrNumber: string): Promise<InvoiceState | null> {
    const [row] = await queryRows<InvoiceStateRow>(
      this.client,
      `SELECT i.invoice_id AS invoice_id, i.number AS number, i.currency AS currency, i.customer_id AS customer_id, i.total AS total, i.tax_total AS tax_total,
              ifNull(s.status, 'draft') AS status, ifNull(c.credited, 0) AS credited, ifNull(c.credited_tax, 0) AS credited_tax
       FROM (SELECT * FROM ${this.db}.invoices FINAL WHERE invoice_id = {id:String} OR number = {id:String}) AS i
       LEFT JOIN ${this.db}.invoice_status AS s ON s.invoice_id = i.invoice_id
       LEFT JOIN (SELECT invoice_id, sum(amount) AS credited, sum(tax_amount) AS credited_tax FROM ${this.db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = i.invoice_id
       SETTINGS join_use_nulls = 1`,
      { id: idOrNumber },
    );
    return row ? invoiceStateFromRow(row) : null;
  }

  async appendStatus(event: StatusEvent): Promise<void> {
    // The event id is deterministic, so the token makes a retried write one physical row.
    await insertRows(this.client, this.table('invoice_status_events'), [statusEventToRow(event)], `status:${event.eventId}`);
  }

  async creditNote(creditNoteId: string): Promise<CreditNote | null> {
    const [row] = await queryRows<CreditNoteRow>(
      this.client,
      `SELECT * FROM ${this.db}.credit_notes FINAL WHERE credit_note_id = {id:String} LIMIT 1`,
      { id: creditNoteId },
    );
    return row ? creditNoteFromRow(row) : null;
  }

  async maxCreditNoteSeq(prefix: string): Promise<number> {
    const [row] = await queryRows<{ seq: string | null }>(
      this.client,
      `SELECT max(toUInt32OrZero(substring(number, {from:UInt32}))) AS seq
       FROM ${this.db}.credit_notes FINAL WHERE startsWith(number, {prefix:String})`,
      { prefix, from: prefix.length + 1 },
    );
    return Number(row?.seq ?? 0);
  }

  async appendCreditNote(note: CreditNote): Promise<void> {
    await insertRows(this.client, this.table('credit_notes'), [creditNoteToRow(note)]);
  }

  async creditGrant(grantId: string): Promise<CreditGrantRecord | null> {
    const [row] = await queryRows<CreditGrantRow>(
      this.client,
      `SELECT * FROM ${this.db}.credit_grants FINAL WHERE grant_id = {id:String} ORDER BY granted_at LIMIT 1`,
      { id: grantId },
    );
    return row ? creditGrantFromRow(row) : null;
  }

  async appendCreditGrant(grant: CreditGrantRecord): Promise<void> {
    await insertRows(this.client, this.table('credit_grants'), [creditGrantToRow(grant)]);
  }

  async creditBalances(customerId: string): Promise<CreditBalance[]> {
    const rows = await queryRows<CreditGrantRow & { applied: string | null }>(
      this.client,
      `SELECT g.grant_id AS grant_id, g.customer_id AS customer_id, g.currency AS currency, g.amount AS amount,
              g.priority AS priority, g.expires_at AS expires_at, g.granted_at AS granted_at, g.description AS description,
              ifNull(a.applied, 0) AS applied
       FROM (SELECT * FROM ${this.db}.credit_grants FINAL WHERE customer_id = {c:String}) AS g
       LEFT JOIN (SELECT credit_grant_id, -sum(amount) AS applied FROM ${this.db}.invoice_lines FINAL WHERE kind = 'credit' GROUP BY credit_grant_id) AS a
         ON a.credit_grant_id = g.grant_id
       ORDER BY g.priority, g.granted_at, g.grant_id
       SETTINGS join_use_nulls = 1`,
      { c: customerId },
    );
    return rows.map(creditBalanceFromRow);
  }
}

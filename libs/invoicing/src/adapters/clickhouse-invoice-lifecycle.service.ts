import type { ClickHouseClient } from '@clickhouse/client';
import { DomainError, type Clock, type IdGenerator } from '@hourglass/contracts';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import { dec, formatMoney, isRoundedToMinor, minorUnits } from '@hourglass/money';
import { formatInvoiceNumber, type InvoiceStatus } from '../domain';
import type { LeaseStore } from '@hourglass/kernel';

export class InvoiceStateError extends DomainError {
  constructor(
    override readonly reason: 'invoice_not_found' | 'invalid_transition' | 'invalid_amount' | 'invalid_grant' | 'busy',
    message: string,
  ) {
    super(reason, message);
  }
}

/** Which status may follow which; anything else is refused with the reason. */
const TRANSITIONS: Record<InvoiceStatus, InvoiceStatus[]> = {
  draft: ['finalized', 'void'],
  finalized: ['paid', 'void', 'uncollectible'],
  uncollectible: ['paid', 'void'],
  paid: [],
  void: [],
};

export interface CreditGrantInput {
  grantId?: string;
  customerId: string;
  currency: string;
  amount: string;
  priority?: number;
  expiresAt?: string | null;
  description?: string;
}

/**
 * State changes after issue, each an appended fact: status events and credit notes. A finalized
 * invoice's lines never change; a correction is a credit note against it.
 */
export class InvoiceLifecycleService {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly lock: LeaseStore,
    private readonly clock: Clock,
    private readonly billingEntity: string,
    private readonly ids: IdGenerator,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private async current(invoiceId: string): Promise<{ invoiceId: string; status: InvoiceStatus; total: string; credited: string; currency: string; customerId: string }> {
    const [row] = await queryRows<Record<string, string>>(
      this.client,
      `SELECT i.invoice_id AS invoice_id, i.currency AS currency, i.customer_id AS customer_id, i.total AS total,
              ifNull(s.status, 'draft') AS status, ifNull(c.credited, 0) AS credited
       FROM (SELECT * FROM ${this.db}.invoices FINAL WHERE invoice_id = {id:String} OR number = {id:String}) AS i
       LEFT JOIN ${this.db}.invoice_status AS s ON s.invoice_id = i.invoice_id
       LEFT JOIN (SELECT invoice_id, sum(amount) AS credited FROM ${this.db}.credit_notes FINAL GROUP BY invoice_id) AS c ON c.invoice_id = i.invoice_id
       SETTINGS join_use_nulls = 1`,
      { id: invoiceId },
    );
    if (!row) throw new InvoiceStateError('invoice_not_found', `no invoice ${invoiceId}`);
    return {
      invoiceId: row.invoice_id!,
      status: row.status as InvoiceStatus,
      total: row.total!,
      credited: row.credited ?? '0',
      currency: row.currency!,
      customerId: row.customer_id!,
    };
  }

  async transition(invoiceId: string, to: InvoiceStatus, reason: string): Promise<{ invoiceId: string; status: InvoiceStatus }> {
    return this.locked(async () => {
      const invoice = await this.current(invoiceId);
      if (invoice.status === to) return { invoiceId: invoice.invoiceId, status: to };
      if (!TRANSITIONS[invoice.status].includes(to)) {
        throw new InvoiceStateError('invalid_transition', `invoice ${invoice.invoiceId} is ${invoice.status}; it cannot become ${to}`);
      }
      if (to === 'void') {
        const remaining = dec(invoice.total).minus(invoice.credited);
        if (remaining.gt(0)) await this.writeCreditNote(invoice, remaining.toFixed(), reason || 'void', true);
      }
      await this.writeStatus(invoice.invoiceId, to, reason);
      return { invoiceId: invoice.invoiceId, status: to };
    });
  }

  /** A partial credit; crediting the whole remaining amount with `void` voids the invoice. */
  async creditNote(invoiceId: string, input: { amount?: string; reason?: string; void?: boolean }): Promise<{ creditNoteId: string; number: string; amount: string; status: InvoiceStatus }> {
    return this.locked(async () => {
      const invoice = await this.current(invoiceId);
      if (invoice.status !== 'finalized' && invoice.status !== 'paid' && invoice.status !== 'uncollectible') {
        throw new InvoiceStateError('invalid_transition', `invoice ${invoice.invoiceId} is ${invoice.status}; only finalized, paid or uncollectible invoices take credit notes`);
      }
      const remaining = dec(invoice.total).minus(invoice.credited);
      const amount = input.amount === undefined ? remaining : dec(input.amount);
      if (!amount.gt(0) || amount.gt(remaining) || !isRoundedToMinor(amount, invoice.currency)) {
        throw new InvoiceStateError(
          'invalid_amount',
          `a credit note must be more than 0 and at most ${formatMoney(remaining, invoice.currency)} ${invoice.currency}, with at most ${minorUnits(invoice.currency)} decimals`,
        );
      }
      const note = await this.writeCreditNote(invoice, amount.toFixed(), input.reason ?? '', Boolean(input.void));
      let status: InvoiceStatus = invoice.status;
      if (input.void && amount.eq(remaining) && invoice.status !== 'paid') {
        await this.writeStatus(invoice.invoiceId, 'void', input.reason ?? 'credited in full');
        status = 'void';
      }
      return { ...note, amount: formatMoney(amount, invoice.currency), status };
    });
  }

  async grantCredit(input: CreditGrantInput): Promise<{ grantId: string }> {
    const amount = dec(input.amount);
    if (!amount.gt(0) || !isRoundedToMinor(amount, input.currency)) {
      throw new InvoiceStateError('invalid_grant', `amount ${input.amount} must be positive with at most ${minorUnits(input.currency)} decimals for ${input.currency}`);
    }
    const expiresAtMs = input.expiresAt ? Date.parse(input.expiresAt) : null;
    if (expiresAtMs !== null && Number.isNaN(expiresAtMs)) throw new InvoiceStateError('invalid_grant', `expiresAt ${input.expiresAt} is not a timestamp`);
    const now = this.clock.nowMs();
    const grantId = input.grantId ?? `cg_${this.ids.newId()}`;
    await insertRows(this.client, `${this.database}.credit_grants`, [
      {
        grant_id: grantId,
        customer_id: input.customerId,
        currency: input.currency,
        amount: amount.toFixed(),
        priority: input.priority ?? 0,
        expires_at: expiresAtMs === null ? null : chDateTime(expiresAtMs),
        granted_at: chDateTime(now),
        description: input.description ?? '',
      },
    ]);
    return { grantId };
  }

  async creditBalances(customerId: string): Promise<Array<{ grantId: string; currency: string; amount: string; applied: string; remaining: string; expiresAt: string | null; priority: number }>> {
    const rows = await queryRows<Record<string, string>>(
      this.client,
      `SELECT g.grant_id AS grant_id, g.currency AS currency, g.amount AS amount, g.priority AS priority, g.expires_at AS expires_at,
              ifNull(a.applied, 0) AS applied
       FROM (SELECT * FROM ${this.db}.credit_grants FINAL WHERE customer_id = {c:String}) AS g
       LEFT JOIN (SELECT credit_grant_id, -sum(amount) AS applied FROM ${this.db}.invoice_lines FINAL WHERE kind = 'credit' GROUP BY credit_grant_id) AS a
         ON a.credit_grant_id = g.grant_id
       ORDER BY g.priority, g.granted_at
       SETTINGS join_use_nulls = 1`,
      { c: customerId },
    );
    return rows.map((r) => {
      const money = (v: string) => formatMoney(dec(v), r.currency!);
      return {
        grantId: r.grant_id!,
        currency: r.currency!,
        amount: money(r.amount!),
        applied: money(r.applied ?? '0'),
        remaining: money(dec(r.amount!).minus(r.applied ?? '0').toFixed()),
        expiresAt: r.expires_at ? new Date(Date.parse(r.expires_at.replace(' ', 'T') + (r.expires_at.endsWith('Z') ? '' : 'Z'))).toISOString() : null,
        priority: Number(r.priority),
      };
    });
  }

  private async writeStatus(invoiceId: string, status: InvoiceStatus, reason: string): Promise<void> {
    const at = this.clock.nowMs();
    await insertRows(this.client, `${this.database}.invoice_status_events`, [
      { invoice_id: invoiceId, status, at: chDateTime(at), reason, event_id: `${invoiceId}:${at}:${status}` },
    ]);
  }

  private async writeCreditNote(
    invoice: { invoiceId: string; customerId: string; currency: string },
    amount: string,
    reason: string,
    voids: boolean,
  ): Promise<{ creditNoteId: string; number: string }> {
    const now = this.clock.nowMs();
    const year = new Date(now).getUTCFullYear();
    const [row] = await queryRows<{ n: string }>(
      this.client,
      `SELECT count() AS n FROM ${this.db}.credit_notes FINAL WHERE toYear(issued_at) = {year:UInt16}`,
      { year },
    );
    const number = formatInvoiceNumber(`${this.billingEntity}-CN`, year, Number(row?.n ?? 0) + 1);
    const creditNoteId = `cn_${this.ids.newId()}`;
    await insertRows(this.client, `${this.database}.credit_notes`, [
      {
        credit_note_id: creditNoteId,
        number,
        invoice_id: invoice.invoiceId,
        customer_id: invoice.customerId,
        currency: invoice.currency,
        amount,
        reason,
        voids_invoice: voids,
        issued_at: chDateTime(now),
      },
    ]);
    return { creditNoteId, number };
  }

  /** Shares the billing lock: numbering of credit notes must not interleave with another writer. */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const token = await this.lock.acquire('billing', 60_000);
    if (token === null) throw new InvoiceStateError('busy', 'a billing run is in progress; try again in a moment');
    try {
      return await work();
    } finally {
      await this.lock.release('billing', token);
    }
  }
}

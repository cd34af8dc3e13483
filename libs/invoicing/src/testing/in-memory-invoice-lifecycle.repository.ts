import { Dec } from '@hourglass/money';
import type { InvoiceState, InvoiceStatus } from '../domain';
import type { CreditBalance, CreditGrantRecord, CreditNote, InvoiceLifecycleRepository, StatusEvent } from '../ports';

const RANK: Record<InvoiceStatus, number> = { draft: 0, finalized: 1, uncollectible: 2, paid: 3, void: 3 };

export interface IssuedInvoiceSeed {
  invoiceId: string;
  number: string;
  customerId: string;
  currency: string;
  total: string;
  status?: InvoiceStatus;
}

/** The lifecycle repository in memory, with the ClickHouse adapter's semantics (contract-tested). */
export class InMemoryInvoiceLifecycleRepository implements InvoiceLifecycleRepository {
  readonly invoices = new Map<string, IssuedInvoiceSeed>();
  readonly statusEvents = new Map<string, StatusEvent>();
  readonly creditNotes = new Map<string, CreditNote>();
  readonly grants = new Map<string, CreditGrantRecord>();
  /** Credits drawn per grant by invoices (what invoice credit lines record). */
  readonly applied = new Map<string, string>();

  seedInvoice(invoice: IssuedInvoiceSeed): void {
    this.invoices.set(invoice.invoiceId, invoice);
    if (invoice.status) this.statusEvents.set(`${invoice.invoiceId}:${invoice.status}`, { invoiceId: invoice.invoiceId, status: invoice.status, atMs: 0, reason: 'seed', eventId: `${invoice.invoiceId}:${invoice.status}` });
  }

  async invoiceState(idOrNumber: string): Promise<InvoiceState | null> {
    const invoice = [...this.invoices.values()].find((i) => i.invoiceId === idOrNumber || i.number === idOrNumber);
    if (!invoice) return null;
    const statuses = [...this.statusEvents.values()].filter((e) => e.invoiceId === invoice.invoiceId).map((e) => e.status);
    // The furthest status reached is the current one, as the invoice_status view decides.
    const status = statuses.reduce<InvoiceStatus>((best, s) => (RANK[s] > RANK[best] ? s : best), 'draft');
    const credited = [...this.creditNotes.values()].filter((n) => n.invoiceId === invoice.invoiceId).reduce((sum, n) => sum.plus(n.amount), new Dec(0));
    return { invoiceId: invoice.invoiceId, number: invoice.number, customerId: invoice.customerId, currency: invoice.currency, status, total: new Dec(invoice.total), credited };
  }

  async appendStatus(event: StatusEvent): Promise<void> {
    this.statusEvents.set(`${event.invoiceId}:${event.eventId}`, event);
  }

  async creditNote(creditNoteId: string): Promise<CreditNote | null> {
    return this.creditNotes.get(creditNoteId) ?? null;
  }

  async maxCreditNoteSeq(prefix: string): Promise<number> {
    return [...this.creditNotes.values()]
      .filter((n) => n.number.startsWith(prefix))
      .reduce((max, n) => Math.max(max, Number(n.number.slice(prefix.length)) || 0), 0);
  }

  async appendCreditNote(note: CreditNote): Promise<void> {
    this.creditNotes.set(note.creditNoteId, note);
  }

  async creditGrant(grantId: string): Promise<CreditGrantRecord | null> {
    return this.grants.get(grantId) ?? null;
  }

  async appendCreditGrant(grant: CreditGrantRecord): Promise<void> {
    this.grants.set(grant.grantId, grant);
  }

  async creditBalances(customerId: string): Promise<CreditBalance[]> {
    return [...this.grants.values()]
      .filter((g) => g.customerId === customerId)
      .sort((a, b) => a.priority - b.priority || a.grantedAtMs - b.grantedAtMs || (a.grantId < b.grantId ? -1 : a.grantId > b.grantId ? 1 : 0))
      .map((g) => ({
        grantId: g.grantId,
        currency: g.currency,
        amount: g.amount,
        applied: new Dec(this.applied.get(g.grantId) ?? '0'),
        priority: g.priority,
        expiresAtMs: g.expiresAtMs,
      }));
  }
}

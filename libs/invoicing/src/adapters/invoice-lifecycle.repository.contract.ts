import { dec } from '@hourglass/money';
import type { InvoiceStatus } from '../domain';
import type { CreditNote, InvoiceLifecycleRepository } from '../ports';
import { draftLine, issuedInvoice } from '../testing/issued-invoice.fixture';
import type { IssuedInvoice } from '../ports';

/** What a contract run needs besides the port: a way to put issued invoices where the port reads them. */
export interface LifecycleRepositoryHarness {
  repository: InvoiceLifecycleRepository;
  /** Writes the invoice (lines and header) and, when given, a status event, as a billing run does. */
  issue(invoice: IssuedInvoice, status?: InvoiceStatus): Promise<void>;
}

const note = (over: Partial<CreditNote> = {}): CreditNote => ({
  creditNoteId: 'cn_1',
  number: 'HG-CN-2026-000001',
  invoiceId: 'in_202609_USD_c-1',
  customerId: 'c-1',
  currency: 'USD',
  amount: dec('5.5'),
  reason: 'goodwill',
  voidsInvoice: false,
  issuedAtMs: Date.parse('2026-11-02T10:00:00.123Z'),
  ...over,
});

/**
 * The InvoiceLifecycleRepository contract: every implementation (the ClickHouse adapter, the
 * in-memory fake the use-case specs run on) must pass it, so the fake cannot drift from the store.
 */
export function describeInvoiceLifecycleRepositoryContract(name: string, setup: () => Promise<LifecycleRepositoryHarness>): void {
  describe(`InvoiceLifecycleRepository contract: ${name}`, () => {
    let h: LifecycleRepositoryHarness;
    beforeEach(async () => {
      h = await setup();
    });

    it('finds an invoice by id or number, with no status as draft and nothing credited', async () => {
      await h.issue(issuedInvoice({ seq: 1 }));
      for (const key of ['in_202609_USD_c-1', 'HG-2026-000001']) {
        const state = await h.repository.invoiceState(key);
        expect(state && { ...state, total: state.total.toFixed(), credited: state.credited.toFixed() }).toEqual({
          invoiceId: 'in_202609_USD_c-1',
          number: 'HG-2026-000001',
          customerId: 'c-1',
          currency: 'USD',
          status: 'draft',
          total: '19.92',
          credited: '0',
        });
      }
      expect(await h.repository.invoiceState('in_missing')).toBeNull();
    });

    it('takes the furthest status reached, and a status event written twice counts once', async () => {
      await h.issue(issuedInvoice({ seq: 1 }), 'finalized');
      const paid = { invoiceId: 'in_202609_USD_c-1', status: 'paid' as const, atMs: Date.parse('2026-11-01T00:00:00Z'), reason: '', eventId: 'in_202609_USD_c-1:paid' };
      await h.repository.appendStatus(paid);
      await h.repository.appendStatus(paid);
      expect((await h.repository.invoiceState('in_202609_USD_c-1'))!.status).toBe('paid');
    });

    it('sums credit notes per invoice and reads one back as written', async () => {
      await h.issue(issuedInvoice({ seq: 1 }), 'finalized');
      await h.issue(issuedInvoice({ seq: 2 }), 'finalized');
      await h.repository.appendCreditNote(note());
      await h.repository.appendCreditNote(note({ creditNoteId: 'cn_2', number: 'HG-CN-2026-000002', amount: dec('1.25'), voidsInvoice: true }));
      await h.repository.appendCreditNote(note({ creditNoteId: 'cn_3', number: 'HG-CN-2026-000003', invoiceId: 'in_202609_USD_c-2', customerId: 'c-2' }));
      expect((await h.repository.invoiceState('in_202609_USD_c-1'))!.credited.toFixed()).toBe('6.75');
      const stored = await h.repository.creditNote('cn_2');
      expect(stored && { ...stored, amount: stored.amount.toFixed() }).toEqual({ ...note({ creditNoteId: 'cn_2', number: 'HG-CN-2026-000002', voidsInvoice: true }), amount: '1.25' });
      expect(await h.repository.creditNote('cn_missing')).toBeNull();
    });

    it('a credit note written twice counts once', async () => {
      await h.issue(issuedInvoice({ seq: 1 }), 'finalized');
      await h.repository.appendCreditNote(note());
      await h.repository.appendCreditNote(note());
      expect((await h.repository.invoiceState('in_202609_USD_c-1'))!.credited.toFixed()).toBe('5.5');
    });

    it('finds the highest credit-note sequence of a prefix only', async () => {
      expect(await h.repository.maxCreditNoteSeq('HG-CN-2026-')).toBe(0);
      await h.repository.appendCreditNote(note({ creditNoteId: 'a', number: 'HG-CN-2026-000009' }));
      await h.repository.appendCreditNote(note({ creditNoteId: 'b', number: 'HG-CN-2026-000010' }));
      await h.repository.appendCreditNote(note({ creditNoteId: 'c', number: 'HG-CN-2027-000042' }));
      await h.repository.appendCreditNote(note({ creditNoteId: 'd', number: 'XY-CN-2026-000077' }));
      expect(await h.repository.maxCreditNoteSeq('HG-CN-2026-')).toBe(10);
      expect(await h.repository.maxCreditNoteSeq('HG-CN-2027-')).toBe(42);
    });

    it('keeps grants as written and lists balances with what invoices drew, in drawing order', async () => {
      const at = Date.parse('2026-08-01T00:00:00Z');
      const grant = { customerId: 'c-1', currency: 'USD', amount: dec('50'), description: 'welcome', expiresAtMs: null };
      await h.repository.appendCreditGrant({ ...grant, grantId: 'g-b', priority: 1, grantedAtMs: at });
      await h.repository.appendCreditGrant({ ...grant, grantId: 'g-a', priority: 0, grantedAtMs: at + 1, expiresAtMs: Date.parse('2027-01-01T00:00:00Z') });
      await h.repository.appendCreditGrant({ ...grant, grantId: 'g-other', customerId: 'c-2', priority: 0, grantedAtMs: at });
      const credit = draftLine({ kind: 'credit', rentalId: '', operatorId: '', priceBookId: '', priceBookVersion: 0, gpuMs: 0n, quantityGpuHours: '0', unitPrice: null, amount: dec('-12.34'), operatorShare: dec('0'), platformFee: dec('-12.34'), exact: dec('-12.34'), gpuCount: 0, creditGrantId: 'g-a' });
      await h.issue(issuedInvoice({ seq: 1, lines: [draftLine({ amount: dec('20'), exact: dec('20') }), credit] }), 'finalized');

      const stored = await h.repository.creditGrant('g-a');
      expect(stored && { ...stored, amount: stored.amount.toFixed() }).toEqual({ ...grant, grantId: 'g-a', priority: 0, grantedAtMs: at + 1, expiresAtMs: Date.parse('2027-01-01T00:00:00Z'), amount: '50' });
      expect(await h.repository.creditGrant('g-missing')).toBeNull();
      const balances = await h.repository.creditBalances('c-1');
      expect(balances.map((b) => [b.grantId, b.amount.toFixed(), b.applied.toFixed(), b.priority])).toEqual([
        ['g-a', '50', '12.34', 0],
        ['g-b', '50', '0', 1],
      ]);
    });
  });
}

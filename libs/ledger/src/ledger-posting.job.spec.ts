import { dec } from '@hourglass/money';
import { accountTotals, balanceRows } from './domain/balances';
import type { CreditApplied, CreditNoteIssued, InvoiceFinalized, InvoiceVoided } from './domain/templates';
import type { LedgerTransaction } from './domain/transaction';
import { LedgerPostingJob } from './ledger-posting.job';
import { invoicingFeeds } from './invoicing-feeds';
import type { FactFeed, InvoicingFacts, LedgerStore } from './ports';

/** A store that keeps transactions by id, as FINAL reads them. */
class MemoryStore implements Pick<LedgerStore, 'append'> {
  readonly byId = new Map<string, LedgerTransaction>();
  appends = 0;
  async append(txns: readonly LedgerTransaction[]): Promise<void> {
    this.appends += 1;
    for (const t of txns) this.byId.set(t.txnId, t);
  }
}

/** Facts that are pending while the store has no transaction with their id, paged by that id. */
function facts(store: MemoryStore, invoices: InvoiceFinalized[], voids: InvoiceVoided[] = []): FactFeed[] {
  const page = <F>(all: F[], id: (f: F) => string) => async (after: string, limit: number) =>
    all
      .filter((f) => id(f) > after && !store.byId.has(id(f)))
      .sort((a, b) => (id(a) < id(b) ? -1 : 1))
      .slice(0, limit);
  const source: InvoicingFacts = {
    finalizedInvoices: page(invoices, (i) => `inv-finalized:${i.invoiceId}`),
    creditsApplied: page<CreditApplied>([], (c) => `credit-applied:${c.lineId}`),
    creditNotes: page<CreditNoteIssued>([], (c) => `credit-note:${c.creditNoteId}`),
    voids: page(voids, (v) => `inv-voided:${v.invoiceId}`),
  };
  return invoicingFeeds(source);
}

const invoice = (n: number): InvoiceFinalized => ({
  invoiceId: `in_${String(n).padStart(3, '0')}`,
  customerId: 'c',
  currency: 'USD',
  eventId: `e${n}`,
  finalizedAtMs: n,
  lines: [{ lineId: 'l', kind: 'usage', operatorId: 'op', amount: dec('10.00'), operatorShare: dec('8.50'), platformFee: dec('1.50') }],
});

describe('LedgerPostingJob', () => {
  const clock = { nowMs: () => 0 };

  it('posts every pending fact in pages, and posts nothing the second time', async () => {
    const store = new MemoryStore();
    const sut = new LedgerPostingJob(facts(store, Array.from({ length: 25 }, (_, i) => invoice(i))), store as unknown as LedgerStore, clock, { factsPerPageMax: 10, pagesPerSyncMax: 100 });
    expect((await sut.sync()).posted.invoice_finalized).toBe(25);
    expect((await sut.sync()).posted.invoice_finalized).toBe(0);
    const balances = balanceRows(accountTotals([...store.byId.values()].flatMap((t) => t.postings)));
    expect(balances).toEqual([
      { account: 'operator_payable:op', currency: 'USD', balance: '212.50' },
      { account: 'platform_fees', currency: 'USD', balance: '37.50' },
      { account: 'receivable:c', currency: 'USD', balance: '250.00' },
    ]);
  });

  it('stops at its page bound and says so; the next sync goes on', async () => {
    const store = new MemoryStore();
    const sut = new LedgerPostingJob(facts(store, Array.from({ length: 25 }, (_, i) => invoice(i))), store as unknown as LedgerStore, clock, { factsPerPageMax: 10, pagesPerSyncMax: 2 });
    const first = await sut.sync();
    expect([first.posted.invoice_finalized, first.complete]).toEqual([20, false]);
    expect((await sut.sync()).posted.invoice_finalized).toBe(5);
  });

  it('pages past facts worth nothing instead of reading them forever', async () => {
    const store = new MemoryStore();
    const zero = Array.from({ length: 30 }, (_, i) => ({ invoiceId: `in_${i}`, customerId: 'c', currency: 'USD', eventId: 'e', voidedAtMs: 0, uncredited: dec('0') }));
    const sut = new LedgerPostingJob(facts(store, [], zero), store as unknown as LedgerStore, clock, { factsPerPageMax: 10, pagesPerSyncMax: 100 });
    const result = await sut.sync();
    expect([result.posted.invoice_voided, result.complete]).toEqual([0, true]);
  });

  it('runs syncs one after another, so a caller sees what was recorded before it asked', async () => {
    const store = new MemoryStore();
    const sut = new LedgerPostingJob(facts(store, [invoice(1)]), store as unknown as LedgerStore, clock);
    const [a, b] = await Promise.all([sut.sync(), sut.sync()]);
    expect(a.posted.invoice_finalized + b.posted.invoice_finalized).toBe(1);
  });
});

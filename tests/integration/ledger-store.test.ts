import type { ClickHouseClient } from '@clickhouse/client';
import { dec } from '@hourglass/money';
import {
  ClickHouseFactAppender,
  ClickHouseLedgerStore,
  invoiceFinalized,
  paymentCaptured,
  reverse,
  type LedgerTransaction,
} from '@hourglass/ledger';
import { CLICKHOUSE } from '@hourglass/platform';
import { startHarness, type Harness } from '../support/harness';

/** The ClickHouse store on its own: what repeats, races and reversals leave in `ledger_entries`. */
describe('ledger store: ledger_entries in ClickHouse', () => {
  let h: Harness;
  let sut: ClickHouseLedgerStore;

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0' });
    const client = h.server.app.get<ClickHouseClient>(CLICKHOUSE);
    sut = new ClickHouseLedgerStore(client, h.config.clickhouse.database, new ClickHouseFactAppender(client, h.config.clickhouse.database));
  });
  afterAll(() => h?.close());

  const invoice = (n: number, currency = 'BHD'): LedgerTransaction =>
    invoiceFinalized({
      invoiceId: `in_${n}`,
      customerId: `c-${n % 3}`,
      currency,
      eventId: `in_${n}:1:finalized`,
      finalizedAtMs: Date.parse('2026-10-01T00:00:00Z') + n,
      lines: [
        { lineId: 'l1', kind: 'usage', operatorId: 'op-1', amount: dec('10.125'), operatorShare: dec('8.606'), platformFee: dec('1.519') },
        { lineId: 'l2', kind: 'usage', operatorId: 'op-2', amount: dec('1.000'), operatorShare: dec('0.850'), platformFee: dec('0.150') },
      ],
    });
  const rows = async () => Number((await h.sql<{ n: string }>('SELECT count() AS n FROM ledger_entries FINAL'))[0]!.n);

  it('keeps one copy of a transaction appended again, alone or in another batch, or by two writers at once', async () => {
    await sut.append([invoice(1), invoice(2)], 1);
    const once = await rows();
    const balances = await sut.accountTotals({});
    await sut.append([invoice(1), invoice(2)], 2); // an exact retry: dropped by its dedup token
    await sut.append([invoice(2)], 3); // another batch: folded by (txn_id, posting_no)
    await Promise.all([sut.append([invoice(1), invoice(3)], 4), sut.append([invoice(3)], 5)]);
    expect(await rows()).toBe(once + invoice(3).postings.length);
    const after = new Map((await sut.accountTotals({ account: 'operator_payable' })).map((t) => [t.account, t.credits.toFixed()]));
    // three invoices × 8.606 and × 0.850
    expect(Object.fromEntries(after)).toEqual({ 'operator_payable:op-1': '25.818', 'operator_payable:op-2': '2.55' });
    expect(balances.length).toBeGreaterThan(0);
  });

  it('sums a reversal and its original to nothing, and keeps both', async () => {
    const payment = paymentCaptured({
      paymentId: 'pi_9',
      invoiceId: 'in_9',
      customerId: 'c-9',
      currency: 'JPY',
      amount: dec('5000'),
      amountDue: dec('4482'),
      route: { psp: 'stripe' },
      capturedAtMs: Date.parse('2026-10-02T00:00:00Z'),
      causedBy: 'test:pi_9',
    });
    await sut.append([payment], 10);
    await sut.append([reverse(payment, 'test:correction', Date.parse('2026-10-03T00:00:00Z'))], 11);
    const totals = await sut.accountTotals({ currency: 'JPY' });
    expect(totals.map((t) => [t.account, t.debits.minus(t.credits).toFixed()])).toEqual([
      ['customer_credit:c-9', '0'],
      ['psp_clearing:stripe', '0'],
      ['receivable:c-9', '0'],
    ]);
    const entries = await sut.entries({ currency: 'JPY', limit: 100 });
    expect(entries.map((e) => e.txnId)).toEqual([...Array(3).fill('payment-captured:pi_9'), ...Array(3).fill('reversal-of:payment-captured:pi_9')]);
  });

  it('balances per currency in the trial balance', async () => {
    for (const t of await sut.trialBalance()) expect(t.debits.eq(t.credits)).toBe(true);
  });
});

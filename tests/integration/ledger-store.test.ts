import type { ClickHouseClient } from '@clickhouse/client';
import { dec } from '@hourglass/money';
import { insertRows } from '@hourglass/clickhouse';
import { ClickHouseFactStore } from '@hourglass/kernel';
import {
  ClickHouseInvoicingFacts,
  ClickHouseLedgerStore,
  invoicingFeeds,
  LedgerPostingJob,
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
  let client: ClickHouseClient;

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0' });
    client = h.server.app.get<ClickHouseClient>(CLICKHOUSE);
    sut = new ClickHouseLedgerStore(client, h.config.clickhouse.database, new ClickHouseFactStore(client, h.config.clickhouse.database));
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

  it('posts a void that no credit note covered, and only what was left of it', async () => {
    // Written by hand, as a future lifecycle might: finalized, credited 4.00 of 10.00, then voided with no credit note for the rest.
    const db = h.config.clickhouse.database;
    const at = '2026-10-05 00:00:00.000';
    await insertRows(client, `${db}.invoices`, [{ invoice_id: 'in_v', number: 'HG-2026-900001', customer_id: 'c-v', currency: 'EUR', period: '2026-09', subtotal: '10', credits_applied: '0', total: '10', issued_at: at }]);
    await insertRows(client, `${db}.invoice_lines`, [
      { invoice_id: 'in_v', line_id: 'in_v:0001', line_no: 1, customer_id: 'c-v', currency: 'EUR', kind: 'usage', operator_id: 'op-v', amount: '10', operator_share: '8.5', platform_fee: '1.5' },
    ]);
    await insertRows(client, `${db}.credit_notes`, [{ credit_note_id: 'cn_v', number: 'HG-CN-1', invoice_id: 'in_v', customer_id: 'c-v', currency: 'EUR', amount: '4', issued_at: at }]);
    await insertRows(client, `${db}.invoice_status_events`, [
      { invoice_id: 'in_v', status: 'finalized', at, reason: '', event_id: 'in_v:1:finalized' },
      { invoice_id: 'in_v', status: 'void', at: '2026-10-06 00:00:00.000', reason: '', event_id: 'in_v:2:void' },
    ]);
    const job = new LedgerPostingJob(invoicingFeeds(new ClickHouseInvoicingFacts(client, db)), sut, { nowMs: () => 0 });
    expect((await job.sync()).posted).toEqual({ invoice_finalized: 1, credit_applied: 0, credit_note: 1, invoice_voided: 1 });
    expect((await job.sync()).posted).toEqual({ invoice_finalized: 0, credit_applied: 0, credit_note: 0, invoice_voided: 0 });
    const totals = await sut.accountTotals({ currency: 'EUR' });
    const net = Object.fromEntries(totals.map((t) => [t.account, t.debits.minus(t.credits).toFixed()]));
    // 10.00 billed, 4.00 credited, 6.00 written off by the void: nothing owed, the operator keeps 8.50
    expect(net).toEqual({ 'credit_notes_expense': '10', 'operator_payable:op-v': '-8.5', 'platform_fees': '-1.5', 'receivable:c-v': '0' });
    const voided = await sut.entries({ txnId: 'inv-voided:in_v', limit: 10 });
    expect(voided.map((e) => [e.account, e.debit.toFixed(), e.credit.toFixed(), e.causedBy])).toEqual([
      ['credit_notes_expense', '6', '0', 'invoice_status_events:in_v:2:void'],
      ['receivable:c-v', '0', '6', 'invoice_status_events:in_v:2:void'],
    ]);
  });

  it('balances per currency in the trial balance', async () => {
    for (const t of await sut.trialBalance()) expect(t.debits.eq(t.credits)).toBe(true);
  });
});

import { stripeSignatureHeader } from '@hourglass/psp-sim';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, startHarness, type Harness } from '../support/harness';

const SECRET = 'whsec_ledger_0123456789';
const NOW = '2026-11-05T12:00:00.000Z';

interface Invoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountDue: string;
}
interface Balance {
  account: string;
  currency: string;
  balance: string;
}

/** Exact sum of decimal strings with at most 2 decimals (USD here), in minor units. */
const cents = (v: string) => {
  const [int, frac = ''] = v.replace('-', '').split('.');
  const n = BigInt(int! + frac.padEnd(2, '0'));
  return v.startsWith('-') ? -n : n;
};

/**
 * One USD invoice paid by two Stripe captures and a recorded bank transfer (overpaid), partly refunded
 * in cumulative Stripe refunds delivered out of order, with a dispute whose funds are withdrawn and
 * reinstated: the ledger posts payments' facts balanced and agrees with invoicing's amounts due.
 */
describe('ledger: payments facts posted as balanced transactions', () => {
  let h: Harness;
  const clock = clockStartingAt(NOW);
  const nowS = () => Math.floor(clock.nowMs() / 1000);
  let invoiceId = '';
  let seq = 0;

  const stripe = async (type: string, object: Record<string, unknown>) => {
    const body = JSON.stringify({ id: `evt_l${++seq}`, object: 'event', type, created: nowS(), data: { object } });
    const r = await fetch(h.server.url + '/v1/psp/stripe/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, SECRET, nowS()) },
      body,
    });
    expect(r.status).toBe(200);
  };
  const succeeded = (pi: string, minor: number) =>
    stripe('payment_intent.succeeded', { id: pi, object: 'payment_intent', amount: minor, amount_received: minor, currency: 'usd', metadata: { hourglass_invoice_id: invoiceId }, latest_charge: `ch_${pi}` });
  const refunded = (pi: string, minor: number, refundedMinor: number) =>
    stripe('charge.refunded', { id: `ch_${pi}`, object: 'charge', amount: minor, amount_refunded: refundedMinor, currency: 'usd', payment_intent: pi, metadata: {} });
  const disputeFunds = (type: string) =>
    stripe(type, { id: 'dp_l1', object: 'dispute', amount: 1000, currency: 'usd', charge: 'ch_pi_a', payment_intent: 'pi_a', reason: 'fraudulent', status: 'under_review' });
  const sync = async () => (await h.api<{ posted: Record<string, number>; complete: boolean }>('POST', '/v1/ledger/sync')).body;
  const balances = async () => (await h.api<Balance[]>('GET', '/v1/ledger/balances')).body;
  const balanceOf = (rows: Balance[], account: string) => rows.find((r) => r.account === account && r.currency === 'USD')?.balance ?? '0';
  const invoices = async () => (await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body;

  beforeAll(async () => {
    h = await startHarness({ HOURGLASS_STRIPE_WEBHOOK_SECRETS: SECRET, HOURGLASS_PSP_INBOX_RETRY_MS: '0', HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0' }, undefined, { clock });
    await h.api('POST', '/v1/reference', [customer(), priceBook(), rental({ startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' })]);
    await h.publish(SUBJECT, usageEvent({ data: { intervalStart: '2026-09-10T00:00:00.000Z', intervalEnd: '2026-09-10T01:00:00.000Z' } }));
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === 1);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    invoiceId = (await invoices())[0]!.invoiceId;
  });
  afterAll(() => h?.close());

  it('posts payments, a bank transfer, cumulative refunds, the overpayment and dispute funds, balanced and once', async () => {
    // Owed 19.92: paid 10.00 + 5.00 (bank transfer) + 15.00 = 30.00, refunded 3.00 cumulatively
    // (1.00 then 3.00: 1.00 + 2.00 posted; 2.00 delivered late adds nothing): 7.08 overpaid, in customer credit.
    await succeeded('pi_a', 1000);
    expect((await h.api('POST', '/v1/payments/records', { invoiceId, amount: '5.00', reference: 'wire-1' })).status).toBeLessThan(300);
    await succeeded('pi_b', 1500);
    await refunded('pi_b', 1500, 100);
    await refunded('pi_b', 1500, 300);
    await disputeFunds('charge.dispute.funds_withdrawn');
    await disputeFunds('charge.dispute.funds_reinstated');

    const first = await sync();
    expect(first.complete).toBe(true);
    expect(first.posted).toMatchObject({ payment_received: 3, refund: 2, dispute_funds_withdrawn: 1, dispute_funds_reinstated: 1 });
    expect(first.posted.customer_credit).toBeGreaterThan(0);

    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    expect(trial.length).toBeGreaterThan(0);
    for (const row of trial) expect(row.debits).toBe(row.credits);

    const rows = await balances();
    // receivable = Σ amountDue of the customer's invoices.
    for (const customerId of new Set((await invoices()).map((i) => i.customerId))) {
      const due = (await invoices()).filter((i) => i.customerId === customerId).reduce((s, i) => s + cents(i.amountDue), 0n);
      expect(cents(balanceOf(rows, `receivable:${customerId}`))).toBe(due);
    }
    expect(cents(balanceOf(rows, 'customer_credit:c-9'))).toBe(708n);
    const credit = await h.api<{ balances: Array<{ currency: string; balance: string }> }>('GET', '/v1/customers/c-9/credit-balance');
    expect(credit.body.balances).toEqual([{ currency: 'USD', balance: '7.08' }]);
    // 10.00 + 15.00 − 3.00 refunded; the dispute's 10.00 left and came back.
    expect(cents(balanceOf(rows, 'psp_clearing:stripe'))).toBe(2200n);
    expect(cents(balanceOf(rows, 'cash:bank_transfers'))).toBe(500n);
    expect(cents(balanceOf(rows, 'disputed_funds:stripe'))).toBe(0n);

    // A cumulative refund state delivered after a larger one was posted adds nothing.
    await refunded('pi_b', 1500, 200);
    const late = await sync();
    expect(late.posted.refund).toBe(0);
    expect(await balances()).toEqual(rows);

    const second = await sync();
    expect(Object.values(second.posted).every((n) => n === 0)).toBe(true);
    expect(await balances()).toEqual(rows);
  });

  it('expenses a dispute fee once, whether its webhook or its settlement report line is posted first', async () => {
    const before = await balances();
    // Stripe takes 15.00 with each dispute's 10.00. dp_f1: the webhook first, then the report;
    // dp_f2: the report first, then the webhook.
    const withdrawn = (dp: string, txn: string) =>
      stripe('charge.dispute.funds_withdrawn', { id: dp, object: 'dispute', amount: 1000, currency: 'usd', charge: 'ch_pi_a', payment_intent: 'pi_a', reason: 'fraudulent', status: 'needs_response', balance_transactions: [{ id: txn, object: 'balance_transaction', amount: -1000, fee: 1500, net: -2500, currency: 'usd' }] });
    const report = (txn: string) => ({ provider: 'stripe', content: `balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,payment_intent_id\n${txn},2026-11-05 12:00:00,usd,-10.00,15.00,-25.00,dispute,pi_a\n` });
    await withdrawn('dp_f1', 'txn_f1');
    expect((await sync()).posted.dispute_funds_withdrawn).toBe(1);
    expect((await h.api('POST', '/v1/psp/imports', report('txn_f1'))).status).toBe(200);
    expect((await sync()).posted.psp_settled).toBe(1);
    expect((await h.api('POST', '/v1/psp/imports', report('txn_f2'))).status).toBe(200);
    expect((await sync()).posted.psp_settled).toBe(1);
    await withdrawn('dp_f2', 'txn_f2');
    expect((await sync()).posted.dispute_funds_withdrawn).toBe(1);
    const after = await balances();
    const delta = (account: string) => cents(balanceOf(after, account)) - cents(balanceOf(before, account));
    // Each way: 15.00 expensed once, 10.00 in disputed funds, 25.00 out of the payout account, clearing as it was.
    expect([delta('psp_fees:stripe'), delta('disputed_funds:stripe'), delta('cash:stripe-payouts'), delta('psp_clearing:stripe')]).toEqual([3000n, 2000n, -5000n, 0n]);
    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    for (const row of trial) expect(row.debits).toBe(row.credits);
  });
});

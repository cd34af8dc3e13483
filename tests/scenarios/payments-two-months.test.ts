import { DisputesService } from '@hourglass/disputes';
import { DunningJob } from '@hourglass/dunning';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import type { Harness } from '../support/harness';
import { sentWebhooks, startPspScenario, steppedClock, streamMessages, type PspScenario } from '../support/psp-scenario';

interface Invoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  status: string;
  total: string;
  amountPaid: string;
  amountRefunded: string;
  amountDue: string;
}
interface Balance {
  account: string;
  currency: string;
  balance: string;
}

const CUSTOMERS = [
  { id: 'c-card', currency: 'USD', provider: 'stripe', price: '2.49' },
  { id: 'c-part', currency: 'EUR', provider: 'adyen', price: '2.00' },
  { id: 'c-yen', currency: 'JPY', provider: 'stripe', price: '350' },
  { id: 'c-fils', currency: 'BHD', provider: 'adyen', price: '0.937' },
  { id: 'c-late', currency: 'USD', provider: 'stripe', price: '2.49' },
  { id: 'c-gone', currency: 'EUR', provider: 'adyen', price: '2.00' },
] as const;
const PERIODS = ['2026-09', '2026-10'] as const;
/** A decimal string in the currency's minor units, as integer minor units ('19.92' → 1992, '8.000' → 8000). */
const minor = (s: string) => Number(s.replace('.', ''));

/**
 * Two months (September and October 2026) of six customers' invoices through both simulated
 * processors, every webhook delivered twice, some held back and delivered newest first. One gross
 * usage hour a month each: 8 GPUs × 1 h × price = 19.92 USD, 16.00 EUR, 2800 JPY, 7.496 BHD.
 *
 *   c-card  (Stripe, USD)  September paid; October paid, disputed (the dispute's webhooks before the
 *                          payment's), defended with evidence and won; Stripe's 15.00 fee given back.
 *   c-part  (Adyen, EUR)   September part-paid 6.00, then 10.00; October paid, a notice of chargeback
 *                          before the payment, then lost: clawed back from op-42 (loss policy operator).
 *   c-yen   (Stripe, JPY)  September paid and refunded 800, the refund's webhook before the payment's;
 *                          October paid and refunded 700.
 *   c-fils  (Adyen, BHD)   September overpaid 8.000 for 7.496 (0.504 to credit); October paid, 1.000 refunded.
 *   c-late  (Stripe, USD)  September declined three times (one dunning case), recovered by dunning's retry;
 *                          October paid, disputed, lost (clawed back), then won: the loss reversed, the
 *                          15.00 fee kept by Stripe.
 *   c-gone  (Adyen, EUR)   September paid, charged back and lost, then reversed: the loss reversed;
 *                          October declined, suspended after a day's grace, reinstated when it pays.
 *
 * Afterwards: the trial balance is zero in every currency, each customer's receivable is the sum of their
 * invoices' amountDue, and every webhook took effect once (inbox, facts, ledger transactions).
 */
describe('payments over two months: both processors, dunning, disputes, the ledger balanced', () => {
  let s: PspScenario;
  let h: Harness;
  const clock = steppedClock('2026-10-05T09:00:00.000Z');
  let goneSeptemberPsp = '';
  let lateOctoberPi = '';
  const settle = () => s.settle();
  const tick = () => h.server.app.get(DunningJob, { strict: false }).runOnce();
  const invoices = async (period: string) => new Map((await h.api<Invoice[]>('GET', `/v1/invoices?period=${period}`)).body.map((i) => [i.customerId, i]));
  const invoiceOf = async (customerId: string, period: string) => (await invoices(period)).get(customerId)!;
  const collect = async (customerId: string, period: string, amount?: string) => {
    const inv = await invoiceOf(customerId, period);
    const r = await h.api<{ paymentRef: string; status: string }>('POST', '/v1/payments/collect', { invoiceId: inv.invoiceId, ...(amount ? { amount } : {}) });
    expect(r.status).toBe(201);
    return r.body;
  };
  const refund = async (provider: string, paymentRef: string, amount: string, key: string) => {
    const r = await h.api('POST', '/v1/payments/refunds', { provider, paymentRef, amount }, { headers: { 'idempotency-key': key } });
    expect(r.status).toBe(201);
  };
  const dunningQueue = async () => (await h.api<{ items: Array<{ invoiceId: string; customerId: string; state: string; attempt: number; nextAttemptAt: string | null }> }>('GET', '/v1/dunning')).body.items;
  const suspensions = async () => (await streamMessages(h, 'MARKETPLACE', 'marketplace.v1.suspensions')).map((m) => m.body);
  const balances = async () => (await h.api<Balance[]>('GET', '/v1/ledger/balances')).body;
  const balance = (all: Balance[], account: string, currency: string) => all.find((b) => b.account === account && b.currency === currency)?.balance;

  const publishMonth = async (day: string) => {
    for (let i = 0; i < CUSTOMERS.length; i += 1) {
      await h.publish(SUBJECT, usageEvent({ data: { rentalId: `r-${CUSTOMERS[i]!.id}`, intervalStart: `${day}T00:00:00.000Z`, intervalEnd: `${day}T01:00:00.000Z` } }));
    }
  };
  const bill = async (period: string, acceptedTotal: number) => {
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === acceptedTotal);
    expect((await h.api('POST', '/v1/billing-runs', { period })).status).toBe(200);
    expect([...(await invoices(period)).values()].map((i) => [i.customerId, i.total, i.status]).sort()).toEqual(
      [
        ['c-card', '19.92', 'finalized'],
        ['c-fils', '7.496', 'finalized'],
        ['c-gone', '16.00', 'finalized'],
        ['c-late', '19.92', 'finalized'],
        ['c-part', '16.00', 'finalized'],
        ['c-yen', '2800', 'finalized'],
      ].sort(),
    );
  };

  beforeAll(async () => {
    s = await startPspScenario(clock, {
      HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0',
      HOURGLASS_DISPUTES_SYNC_INTERVAL_MS: '0',
      HOURGLASS_DISPUTE_LOSS_POLICY: 'operator',
      // The test drives dunning's ticks; c-gone is in a segment of 2 retries over 3 days, 1 day of grace.
      HOURGLASS_DUNNING_INTERVAL_MS: '0',
      HOURGLASS_DUNNING_POLICIES: 'fast=2/3/1',
      HOURGLASS_DUNNING_SEGMENTS: 'c-gone=fast',
    });
    h = s.h;
    const docs: object[] = [];
    for (const c of CUSTOMERS) {
      docs.push(customer({ customerId: c.id, currency: c.currency, paymentProvider: c.provider }));
      docs.push(priceBook({ priceBookId: `pb-${c.id}`, currency: c.currency, rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: c.price }] }));
      docs.push(rental({ rentalId: `r-${c.id}`, customerId: c.id, priceBookId: `pb-${c.id}`, startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }));
    }
    expect((await h.api('POST', '/v1/reference', docs)).status).toBeLessThan(300);
    await publishMonth('2026-09-10');
    await bill('2026-09', CUSTOMERS.length);
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('September, collected from Monday 5 October', () => {
    it('pays c-card in full through Stripe', async () => {
      await collect('c-card', '2026-09');
      await settle();
      expect(await invoiceOf('c-card', '2026-09')).toMatchObject({ amountPaid: '19.92', amountDue: '0.00', status: 'paid' });
    });

    it('part-pays c-part through Adyen, then pays the rest', async () => {
      await collect('c-part', '2026-09', '6.00');
      await settle();
      expect(await invoiceOf('c-part', '2026-09')).toMatchObject({ amountPaid: '6.00', amountDue: '10.00', status: 'finalized' });
      await collect('c-part', '2026-09');
      await settle();
      // 6.00 + 10.00 = 16.00
      expect(await invoiceOf('c-part', '2026-09')).toMatchObject({ amountPaid: '16.00', amountDue: '0.00', status: 'paid' });
    });

    it("refunds c-yen 800, the refund's webhook delivered before its payment's", async () => {
      s.sim.sender.options.reorder = true;
      const paid = await collect('c-yen', '2026-09');
      await refund('stripe', paid.paymentRef, '800', 'refund-yen-09');
      s.sim.sender.options.reorder = false;
      s.sim.sender.flush();
      await settle();
      const types = s.sim.sender.deliveries.map((d) => JSON.parse(d.body) as { type?: string; data?: { object: { id: string; payment_intent?: string } } })
        .filter((e) => e.data && (e.data.object.id === paid.paymentRef || e.data.object.payment_intent === paid.paymentRef)).map((e) => e.type);
      expect(types.indexOf('charge.refunded')).toBeLessThan(types.indexOf('payment_intent.succeeded'));
      // 2800 paid, 800 refunded: 800 owed again.
      expect(await invoiceOf('c-yen', '2026-09')).toMatchObject({ amountPaid: '2800', amountRefunded: '800', amountDue: '800', status: 'finalized' });
    });

    it("overpays c-fils through Adyen: 8.000 for 7.496, 0.504 to the customer's credit", async () => {
      s.sim.adyen.captureMinorOverride = 8000;
      await collect('c-fils', '2026-09');
      s.sim.adyen.captureMinorOverride = null;
      await settle();
      expect(await invoiceOf('c-fils', '2026-09')).toMatchObject({ amountPaid: '8.000', amountDue: '0.000', status: 'paid' });
      expect((await h.api('GET', '/v1/customers/c-fils/credit-balance')).body).toEqual({ customerId: 'c-fils', balances: [{ currency: 'BHD', balance: '0.504' }] });
    });

    it('pays c-gone through Adyen', async () => {
      goneSeptemberPsp = (await collect('c-gone', '2026-09')).paymentRef;
      await settle();
      expect(await invoiceOf('c-gone', '2026-09')).toMatchObject({ amountDue: '0.00', status: 'paid' });
    });

    it('opens one dunning case for c-late however many times its payment fails, and recovers it by a retry', async () => {
      const inv = await invoiceOf('c-late', '2026-09');
      s.sim.stripe.declineNext = 3;
      expect((await collect('c-late', '2026-09')).status).toBe('requires_payment_method');
      expect((await collect('c-late', '2026-09')).status).toBe('requires_payment_method');
      await settle();
      await tick();
      // Failed on Monday 5 October 09:xx: first of 8 retries on day 2 (Wednesday) at 09 + 6 = 15:00.
      const first = (await dunningQueue()).filter((c) => c.invoiceId === inv.invoiceId);
      expect(first).toEqual([expect.objectContaining({ state: 'scheduled', attempt: 0, nextAttemptAt: '2026-10-07T15:00:00.000Z' })]);
      // A third failure while the case is open starts nothing new and moves nothing.
      expect((await collect('c-late', '2026-09')).status).toBe('requires_payment_method');
      await settle();
      await tick();
      expect((await dunningQueue()).filter((c) => c.invoiceId === inv.invoiceId)).toEqual(first);
      clock.advanceTo('2026-10-07T15:00:01.000Z');
      await tick();
      await settle();
      await tick();
      expect((await dunningQueue()).filter((c) => c.invoiceId === inv.invoiceId)).toEqual([expect.objectContaining({ state: 'recovered', attempt: 1 })]);
      expect(await invoiceOf('c-late', '2026-09')).toMatchObject({ amountPaid: '19.92', amountDue: '0.00', status: 'paid' });
      const events = async () => (await streamMessages(h, 'BILLING', 'billing.v1.dunning.')).filter((m) => m.body.invoiceId === inv.invoiceId).map((m) => m.subject.slice('billing.v1.dunning.'.length));
      // The outbox relays them a moment later; one `started` for three failures.
      expect(await h.waitFor(events, (e) => e.length >= 3)).toEqual(['started', 'retry_scheduled', 'recovered']);
    });
  });

  describe('October, collected from Tuesday 3 November', () => {
    beforeAll(async () => {
      clock.advanceTo('2026-11-03T09:00:00.000Z');
      await publishMonth('2026-10-10');
      await bill('2026-10', 2 * CUSTOMERS.length);
    });

    it("c-card's Stripe dispute, its webhooks delivered before the payment's, defended and won, its fee given back", async () => {
      // Stripe's dispute fee, 15.00 USD, taken with the funds and returned with them when won.
      s.sim.stripe.disputeFeeMinor = 1500;
      s.sim.stripe.disputeFeeRefundedOnWin = true;
      s.sim.sender.options.reorder = true;
      const paid = await collect('c-card', '2026-10');
      const disputeId = String(s.sim.stripe.openDispute(paid.paymentRef, 'product_not_received')!.id);
      s.sim.sender.options.reorder = false;
      s.sim.sender.flush();
      await settle();
      expect(await invoiceOf('c-card', '2026-10')).toMatchObject({ amountPaid: '19.92', amountDue: '0.00', status: 'paid' });
      const submitted = await h.api<{ created: boolean }>('POST', `/v1/disputes/${disputeId}/evidence`, {}, { headers: { 'idempotency-key': 'evidence-card-10' } });
      expect([submitted.status, submitted.body.created]).toEqual([201, true]);
      await settle();
      s.sim.stripe.updateDispute(disputeId, 'won');
      await settle();
      expect((await h.api(`GET`, `/v1/disputes/${disputeId}`)).body).toMatchObject({ status: 'won', withdrawn: '19.92', reinstated: '19.92', customerId: 'c-card' });
    });

    it("c-part's Adyen chargeback, noticed before the payment arrived, lost and clawed back from the operator", async () => {
      s.sim.sender.options.reorder = true;
      const paid = await collect('c-part', '2026-10');
      s.sim.adyen.dispute(paid.paymentRef, 'NOTIFICATION_OF_CHARGEBACK', 'Fraud', 7 * 86_400, 'Undefended');
      s.sim.sender.options.reorder = false;
      s.sim.sender.flush();
      await settle();
      s.sim.adyen.dispute(paid.paymentRef, 'CHARGEBACK', 'Fraud', 0, 'Lost');
      await settle();
      const disputeId = `adyen:${paid.paymentRef}`;
      expect((await h.api('GET', `/v1/disputes/${encodeURIComponent(disputeId)}`)).body).toMatchObject({ status: 'lost', withdrawn: '16.00', reinstated: '0.00', customerId: 'c-part' });
      const disputes = h.server.app.get(DisputesService, { strict: false });
      expect((await disputes.sync()).losses).toBe(1);
      expect((await disputes.sync()).losses).toBe(0);
      expect(await invoiceOf('c-part', '2026-10')).toMatchObject({ amountPaid: '16.00', amountDue: '0.00', status: 'paid' });
    });

    it('pays and refunds c-yen (Stripe) and c-fils (Adyen), pays c-late', async () => {
      const yen = await collect('c-yen', '2026-10');
      const fils = await collect('c-fils', '2026-10');
      lateOctoberPi = (await collect('c-late', '2026-10')).paymentRef;
      await settle();
      await refund('stripe', yen.paymentRef, '700', 'refund-yen-10');
      await refund('adyen', fils.paymentRef, '1.000', 'refund-fils-10');
      await settle();
      expect(await invoiceOf('c-yen', '2026-10')).toMatchObject({ amountPaid: '2800', amountRefunded: '700', amountDue: '700' });
      expect(await invoiceOf('c-fils', '2026-10')).toMatchObject({ amountPaid: '7.496', amountRefunded: '1.000', amountDue: '1.000' });
      expect(await invoiceOf('c-late', '2026-10')).toMatchObject({ amountDue: '0.00', status: 'paid' });
    });

    it('suspends c-gone a day after its payment failed, and reinstates it when it pays', async () => {
      s.sim.adyen.declineNext = 1;
      expect((await collect('c-gone', '2026-10')).status).toBe('Refused');
      await settle();
      await tick();
      // Failed on Tuesday 3 November 09:xx; one day of grace; the first retry only on day 2 at 15:00.
      expect((await dunningQueue()).filter((c) => c.customerId === 'c-gone')).toEqual([expect.objectContaining({ state: 'scheduled', attempt: 0, nextAttemptAt: '2026-11-05T15:00:00.000Z' })]);
      clock.advanceTo('2026-11-04T10:00:00.000Z');
      await tick();
      await h.waitFor(async () => (await suspensions()).length, (n) => n === 1);
      expect((await collect('c-gone', '2026-10')).status).toBe('Authorised');
      await settle();
      await tick();
      await h.waitFor(async () => (await suspensions()).length, (n) => n === 2);
      expect(await suspensions()).toEqual([
        { customerId: 'c-gone', action: 'suspend', reason: 'payment_overdue', at: expect.stringMatching(/^2026-11-04T10:00/) },
        { customerId: 'c-gone', action: 'reinstate', reason: 'overdue_invoices_paid', at: expect.stringMatching(/^2026-11-04T10:00/) },
      ]);
      expect((await dunningQueue()).filter((c) => c.customerId === 'c-gone')).toEqual([expect.objectContaining({ state: 'recovered', attempt: 0 })]);
    });
  });

  describe('lost disputes won later, from Friday 6 November', () => {
    const disputesSync = () => h.server.app.get(DisputesService, { strict: false }).sync();

    it("reverses c-late's Stripe loss (closed lost, then won) and c-gone's Adyen one (CHARGEBACK lost, then reversed), clawbacks included", async () => {
      clock.advanceTo('2026-11-06T09:00:00.000Z');
      const stripeDispute = String(s.sim.stripe.openDispute(lateOctoberPi, 'fraudulent')!.id);
      s.sim.stripe.updateDispute(stripeDispute, 'lost');
      s.sim.adyen.dispute(goneSeptemberPsp, 'CHARGEBACK', 'Fraud', 0, 'Lost');
      await settle();
      expect(await disputesSync()).toMatchObject({ losses: 2, lossesReversed: 0 });
      expect((await h.api('POST', '/v1/ledger/sync')).status).toBeLessThan(300);
      const lost = await balances();
      // c-late's 19.92: op-42's share 19.92 × 0.85 = 16.93 clawed back, the fee's 2.99 the platform's.
      expect(balance(lost, 'dispute_losses', 'USD')).toBe('2.99');
      clock.advanceTo('2026-11-20T09:00:00.000Z');
      // Won on appeal, but Stripe keeps this one's 15.00 fee.
      s.sim.stripe.disputeFeeRefundedOnWin = false;
      s.sim.stripe.updateDispute(stripeDispute, 'won');
      s.sim.adyen.dispute(goneSeptemberPsp, 'CHARGEBACK_REVERSED', 'Fraud', 0, 'Won');
      await settle();
      expect(await disputesSync()).toMatchObject({ losses: 0, lossesReversed: 2 });
      expect(await disputesSync()).toMatchObject({ losses: 0, lossesReversed: 0 });
      expect((await h.api('GET', `/v1/disputes/${stripeDispute}`)).body).toMatchObject({ status: 'won', withdrawn: '19.92', reinstated: '19.92' });
      expect((await h.api('GET', `/v1/disputes/${encodeURIComponent(`adyen:${goneSeptemberPsp}`)}`)).body).toMatchObject({ status: 'won', withdrawn: '16.00', reinstated: '16.00' });
    });
  });

  describe('afterwards', () => {
    beforeAll(async () => {
      await settle();
      expect((await h.api('POST', '/v1/ledger/sync')).status).toBeLessThan(300);
    });

    it('balances the ledger in every currency, and a second sync posts nothing', async () => {
      const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
      expect(trial.map((r) => r.currency).sort()).toEqual(['BHD', 'EUR', 'JPY', 'USD']);
      for (const row of trial) expect(row.debits).toBe(row.credits);
      const again = (await h.api<{ posted: Record<string, number> }>('POST', '/v1/ledger/sync')).body;
      expect(Object.entries(again.posted).filter(([, n]) => n !== 0)).toEqual([]);
    });

    it("holds every customer's receivable at the sum of their invoices' amountDue", async () => {
      const all = await balances();
      const owed = new Map<string, number>();
      for (const period of PERIODS) for (const inv of (await invoices(period)).values()) owed.set(inv.customerId, (owed.get(inv.customerId) ?? 0) + minor(inv.amountDue));
      // c-yen: 800 + 700 refunded and owed again; c-fils: 1.000 refunded in October; the rest paid.
      expect(Object.fromEntries(owed)).toEqual({ 'c-card': 0, 'c-part': 0, 'c-yen': 1500, 'c-fils': 1000, 'c-late': 0, 'c-gone': 0 });
      for (const c of CUSTOMERS) expect([c.id, minor(balance(all, `receivable:${c.id}`, c.currency) ?? '0')]).toEqual([c.id, owed.get(c.id)]);
      expect(balance(all, 'customer_credit:c-fils', 'BHD')).toBe('0.504');
    });

    it('moved the disputed money once: the won disputes back in clearing, the lost one borne by op-42 and the platform', async () => {
      const all = await balances();
      expect([balance(all, 'disputed_funds:stripe', 'USD'), balance(all, 'disputed_funds:adyen', 'EUR')]).toEqual(['0.00', '0.00']);
      // The losses reversed: nothing of c-late's or c-gone's disputes is borne by anyone.
      expect([balance(all, 'dispute_losses', 'USD'), balance(all, 'operator_payable:op-42', 'USD')]).toEqual(['0.00', '67.72']); // 4 USD invoices × 16.93
      // Four EUR invoices of 16.00: op-42's share 16.00 × 0.85 = 13.60 each, 54.40; the lost 16.00 split
      // the same way: 13.60 clawed back (54.40 − 13.60 = 40.80), the fee's 2.40 to dispute_losses.
      expect([balance(all, 'operator_payable:op-42', 'EUR'), balance(all, 'dispute_losses', 'EUR')]).toEqual(['40.80', '2.40']);
      // Captured less refunded less the lost chargeback less the dispute fees kept:
      // USD 4 × 19.92 − 15.00 (c-late's fee; c-card's came back) = 64.68; JPY 2 × 2800 − 800 − 700 = 4100;
      // EUR 6.00 + 10.00 + 3 × 16.00 − 16.00 = 48.00; BHD 8.000 + 7.496 − 1.000 = 14.496.
      expect([balance(all, 'psp_clearing:stripe', 'USD'), balance(all, 'psp_clearing:stripe', 'JPY'), balance(all, 'psp_clearing:adyen', 'EUR'), balance(all, 'psp_clearing:adyen', 'BHD')]).toEqual(['64.68', '4100', '48.00', '14.496']);
      expect(balance(all, 'psp_fees:stripe', 'USD')).toBe('15.00');
    });

    it('took every webhook into effect exactly once, though each was delivered at least twice', async () => {
      const { distinct, deliveries } = sentWebhooks(s.sim);
      expect(deliveries).toBeGreaterThanOrEqual(2 * distinct.length);
      const inbox = await h.sql<{ provider: string; n: string; processed: string }>(
        'SELECT i.provider AS provider, toString(count()) AS n, toString(countIf(p.key != \'\')) AS processed FROM inbox AS i FINAL LEFT JOIN (SELECT provider, key FROM inbox_processed FINAL) AS p ON p.provider = i.provider AND p.key = i.key GROUP BY provider ORDER BY provider',
      );
      const sent = (provider: string) => String(distinct.filter((w) => w.provider === provider).length);
      expect(inbox).toEqual([
        { provider: 'adyen', n: sent('adyen'), processed: sent('adyen') },
        { provider: 'stripe', n: sent('stripe'), processed: sent('stripe') },
      ]);
      // Paid and refunded per invoice = what the distinct webhooks say, in minor units.
      const paid = new Map<string, number>();
      const refundedByCharge = new Map<string, { invoiceId: string; amount: number }>();
      const refundedAdyen = new Map<string, number>();
      const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
      for (const w of distinct) {
        const o = w.object as Record<string, never>;
        if (w.type === 'payment_intent.succeeded') add(paid, o.metadata['hourglass_invoice_id'], o.amount_received);
        if (w.type === 'AUTHORISATION' && o.success === 'true') add(paid, o.merchantReference, o.amount['value']);
        if (w.type === 'charge.refunded') {
          const before = refundedByCharge.get(o.id)?.amount ?? 0;
          refundedByCharge.set(o.id, { invoiceId: o.metadata['hourglass_invoice_id'], amount: Math.max(before, o.amount_refunded) });
        }
        if (w.type === 'REFUND' && o.success === 'true') add(refundedAdyen, o.merchantReference, o.amount['value']);
      }
      for (const { invoiceId, amount } of refundedByCharge.values()) add(refundedAdyen, invoiceId, amount);
      for (const period of PERIODS) {
        for (const inv of (await invoices(period)).values()) {
          expect([inv.invoiceId, minor(inv.amountPaid), minor(inv.amountRefunded)]).toEqual([inv.invoiceId, paid.get(inv.invoiceId) ?? 0, refundedAdyen.get(inv.invoiceId) ?? 0]);
        }
      }
      // One transaction per money-moving fact, each fact once per distinct webhook.
      const count = async (sql: string) => Number((await h.sql<{ n: string }>(`SELECT toString(count()) AS n FROM (${sql})`))[0]!.n);
      const captures = distinct.filter((w) => w.type === 'payment_intent.succeeded' || (w.type === 'AUTHORISATION' && (w.object as { success: string }).success === 'true')).length;
      expect(await count("SELECT fact_id FROM payment_facts FINAL WHERE kind = 'captured'")).toBe(captures);
      expect(await count("SELECT DISTINCT txn_id FROM ledger_entries FINAL WHERE startsWith(txn_id, 'payment-captured:')")).toBe(captures);
      // Refunds: c-yen's two charges (one cumulative event each) and c-fils's one Adyen refund.
      expect(await count("SELECT DISTINCT txn_id FROM ledger_entries FINAL WHERE startsWith(txn_id, 'refund:')")).toBe(3);
      const disputeEvents = distinct.filter((w) => w.type.startsWith('charge.dispute.') || ['NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK', 'CHARGEBACK_REVERSED'].includes(w.type)).length;
      expect(await count('SELECT fact_id FROM dispute_facts FINAL')).toBe(disputeEvents);
      const txns = await h.sql<{ kind: string; n: string }>(
        "SELECT arrayStringConcat(arraySlice(splitByChar(':', txn_id), 1, if(startsWith(txn_id, 'reversal-of:'), 2, 1)), ':') AS kind, toString(count(DISTINCT txn_id)) AS n FROM ledger_entries FINAL WHERE startsWith(txn_id, 'dispute-') OR startsWith(txn_id, 'reversal-of:dispute-') GROUP BY kind ORDER BY kind",
      );
      // Withdrawn four times (Stripe's funds_withdrawn of c-card and c-late, Adyen's CHARGEBACK of c-part
      // and c-gone), reinstated three times (all but c-part's), lost three times, two losses reversed.
      expect(txns).toEqual([
        { kind: 'dispute-lost', n: '3' },
        { kind: 'dispute-opened', n: '4' },
        { kind: 'dispute-won', n: '3' },
        { kind: 'reversal-of:dispute-lost', n: '2' },
      ]);
    });

    it("expenses each dispute fee once, though Stripe's settlement report states it again", async () => {
      // The dispute lines of Stripe's itemized report: each names the balance transaction the webhook
      // carried the fee on. 15.00 taken twice, given back once.
      const rows = [...s.sim.stripe.disputes.values()].flatMap((d) =>
        (d.balance_transactions as Array<{ id: string; amount: number; fee: number; reporting_category: string }>).map((t) =>
          [t.id, '2026-11-21 00:00:00', 'usd', (t.amount / 100).toFixed(2), (t.fee / 100).toFixed(2), ((t.amount - t.fee) / 100).toFixed(2), t.reporting_category, String(d.payment_intent)].join(','),
        ),
      );
      expect(rows).toHaveLength(4);
      const report = ['balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,payment_intent_id', ...rows].join('\n') + '\n';
      expect((await h.api('POST', '/v1/psp/imports', { provider: 'stripe', content: report, fileName: 'disputes.csv' })).status).toBe(200);
      expect((await h.api('POST', '/v1/ledger/sync')).status).toBeLessThan(300);
      const all = await balances();
      // The fee stays 15.00; the lines move the disputes' money between clearing and the payout account:
      // c-late's −19.92 − 15.00 out and +19.92 in, c-card's −34.92 out and +34.92 in: 15.00 left the
      // bank, back into clearing (64.68 + 15.00 = 79.68).
      expect([balance(all, 'psp_fees:stripe', 'USD'), balance(all, 'psp_clearing:stripe', 'USD'), balance(all, 'cash:stripe-payouts', 'USD')]).toEqual(['15.00', '79.68', '-15.00']);
      const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
      for (const row of trial) expect(row.debits).toBe(row.credits);
    });
  });
});

import { PaymentFactsService } from '@hourglass/payments';
import type { PspSim } from '@hourglass/psp-sim';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, type Harness } from '../support/harness';
import { startPspScenario, type PspScenario } from '../support/psp-scenario';

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

/**
 * September 2026 billed on 5 November, then paid through the simulated processors: every webhook
 * delivered twice, and for one customer held back and delivered newest first.
 */
describe('payments scenario: Stripe, Adyen and bank transfers against four currencies', () => {
  let s: PspScenario;
  let h: Harness;
  let sim: PspSim;
  const clock = clockStartingAt('2026-11-05T09:00:00.000Z');

  const customers = [
    { id: 'c-usd', currency: 'USD', provider: 'stripe', price: '2.49' },
    { id: 'c-eur', currency: 'EUR', provider: 'adyen', price: '2.00' },
    { id: 'c-jpy', currency: 'JPY', provider: 'stripe', price: '350' },
    { id: 'c-bhd', currency: 'BHD', provider: 'adyen', price: '0.937' },
    { id: 'c-bank', currency: 'USD', provider: 'stripe', price: '2.49' },
  ];
  const invoices = async () => new Map((await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body.map((i) => [i.customerId, i]));
  const invoiceOf = async (customerId: string) => (await invoices()).get(customerId)!;
  const settle = async () => {
    await sim.sender.idle();
  };
  const collect = (invoiceId: string, amount?: string) => h.api<{ paymentRef: string; status: string }>('POST', '/v1/payments/collect', { invoiceId, ...(amount ? { amount } : {}) });

  beforeAll(async () => {
    s = await startPspScenario(clock);
    ({ h, sim } = s);
    const docs: object[] = [];
    customers.forEach((c, i) => {
      docs.push(customer({ customerId: c.id, currency: c.currency, paymentProvider: c.provider }));
      docs.push(priceBook({ priceBookId: `pb-${c.id}`, currency: c.currency, rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: c.price }] }));
      docs.push(rental({ rentalId: `r-${i}`, customerId: c.id, priceBookId: `pb-${c.id}`, startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }));
    });
    expect((await h.api('POST', '/v1/reference', docs)).status).toBeLessThan(300);
    for (let i = 0; i < customers.length; i += 1) {
      await h.publish(SUBJECT, usageEvent({ data: { rentalId: `r-${i}`, intervalStart: '2026-09-10T00:00:00.000Z', intervalEnd: '2026-09-10T01:00:00.000Z' } }));
    }
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === customers.length);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    const all = await invoices();
    // 8 GPUs × 1 h × price: 19.92 USD, 16.00 EUR, 2800 JPY, 7.496 BHD
    expect([...all.values()].map((i) => [i.customerId, i.total, i.amountDue, i.amountPaid, i.status]).sort()).toEqual(
      [
        ['c-bank', '19.92', '19.92', '0.00', 'finalized'],
        ['c-bhd', '7.496', '7.496', '0.000', 'finalized'],
        ['c-eur', '16.00', '16.00', '0.00', 'finalized'],
        ['c-jpy', '2800', '2800', '0', 'finalized'],
        ['c-usd', '19.92', '19.92', '0.00', 'finalized'],
      ].sort(),
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an invoice paid in full through Stripe, its webhook delivered twice, counted once', async () => {
    const inv = await invoiceOf('c-usd');
    // A client retrying its request with the same Idempotency-Key gets the same PaymentIntent.
    const collectOnce = async () =>
      (await fetch(`${h.server.url}/v1/payments/collect`, {
        method: 'POST',
        headers: { ...h.authHeaders(), 'content-type': 'application/json', 'idempotency-key': 'collect-usd-1' },
        body: JSON.stringify({ invoiceId: inv.invoiceId, amount: '19.92' }),
      }).then((x) => x.json())) as { paymentRef: string };
    const r = await collectOnce();
    expect(r.paymentRef).toMatch(/^pi_/);
    expect((await collectOnce()).paymentRef).toBe(r.paymentRef);
    await settle();
    expect(await invoiceOf('c-usd')).toMatchObject({ amountPaid: '19.92', amountDue: '0.00', status: 'paid' });
    expect(sim.stripe.intents.size).toBe(1);
  });

  it('an invoice part-paid, then paid, through Adyen, after a declined attempt and with slow webhooks', async () => {
    const inv = await invoiceOf('c-eur');
    sim.adyen.declineNext = 1;
    sim.sender.options.delayMs = 100;
    expect((await collect(inv.invoiceId, '6.00')).body.status).toBe('Refused');
    await settle();
    const declined = (await h.api<{ amountDue: string; payments: Array<{ kind: string; amount: string }> }>('GET', `/v1/payments?invoiceId=${inv.invoiceId}`)).body;
    expect([declined.amountDue, declined.payments.map((p) => [p.kind, p.amount])]).toEqual(['16.00', [['failed', '6.00']]]);
    expect((await collect(inv.invoiceId, '6.00')).status).toBe(201);
    await settle();
    expect(await invoiceOf('c-eur')).toMatchObject({ amountPaid: '6.00', amountDue: '10.00', status: 'finalized' });
    expect((await collect(inv.invoiceId)).status).toBe(201);
    await settle();
    // 6.00 + 10.00 = 16.00
    expect(await invoiceOf('c-eur')).toMatchObject({ amountPaid: '16.00', amountDue: '0.00', status: 'paid' });
    sim.sender.options.delayMs = 0;
  });

  it('JPY through Stripe with a refund delivered before its payment: the same state as in order', async () => {
    const inv = await invoiceOf('c-jpy');
    sim.sender.options.reorder = true;
    const paid = await collect(inv.invoiceId);
    const refund = await h.api('POST', '/v1/payments/refunds', { provider: 'stripe', paymentRef: paid.body.paymentRef, amount: '800' });
    expect(refund.status).toBe(400); // no Idempotency-Key
    const refunded = await fetch(`${h.server.url}/v1/payments/refunds`, {
      method: 'POST',
      headers: { ...h.authHeaders(), 'content-type': 'application/json', 'idempotency-key': 'refund-jpy-1' },
      body: JSON.stringify({ provider: 'stripe', paymentRef: paid.body.paymentRef, amount: '800' }),
    });
    expect(refunded.status).toBe(201);
    sim.sender.options.reorder = false;
    sim.sender.flush();
    await settle();
    const types = sim.sender.deliveries.filter((d) => d.provider === 'stripe').map((d) => (JSON.parse(d.body) as { type: string; data: { object: { id: string; payment_intent?: string } } }))
      .filter((e) => e.data.object.id === paid.body.paymentRef || e.data.object.payment_intent === paid.body.paymentRef).map((e) => e.type);
    expect(types.indexOf('charge.refunded')).toBeLessThan(types.indexOf('payment_intent.succeeded'));
    // 2800 paid, 800 refunded: 800 due again, not paid.
    expect(await invoiceOf('c-jpy')).toMatchObject({ amountPaid: '2800', amountRefunded: '800', amountDue: '800', status: 'finalized' });
  });

  it('a BHD overpayment through Adyen goes to the customer credit balance, to the fils', async () => {
    const inv = await invoiceOf('c-bhd');
    sim.adyen.captureMinorOverride = 8000; // the shopper's bank sent 8.000 BHD for 7.496
    expect((await collect(inv.invoiceId)).status).toBe(201);
    sim.adyen.captureMinorOverride = null;
    await settle();
    expect(await invoiceOf('c-bhd')).toMatchObject({ amountPaid: '8.000', amountDue: '0.000', status: 'paid' });
    // 8.000 − 7.496 = 0.504
    expect((await h.api('GET', '/v1/customers/c-bhd/credit-balance')).body).toEqual({ customerId: 'c-bhd', balances: [{ currency: 'BHD', balance: '0.504' }] });
  });

  it('a bank transfer recorded twice has one effect; a different amount under its reference is refused', async () => {
    const inv = await invoiceOf('c-bank');
    const record = (amount: string, reference: string) => h.api<{ created: boolean }>('POST', '/v1/payments/records', { invoiceId: inv.invoiceId, amount, reference });
    expect((await record('15.00', 'SEPA-0001')).status).toBe(201);
    const again = await record('15.00', 'SEPA-0001');
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect((await record('16.00', 'SEPA-0001')).body).toMatchObject({ reason: 'reference_conflict' });
    expect((await record('15.001', 'SEPA-0002')).body).toMatchObject({ reason: 'invalid_amount' });
    expect(await invoiceOf('c-bank')).toMatchObject({ amountPaid: '15.00', amountDue: '4.92', status: 'finalized' });
    // A second transfer overpays: 15.00 + 10.00 − 19.92 = 5.08 to credit.
    expect((await record('10.00', 'SEPA-0002')).status).toBe(201);
    expect(await invoiceOf('c-bank')).toMatchObject({ amountPaid: '25.00', amountDue: '0.00', status: 'paid' });
    expect((await h.api('GET', '/v1/customers/c-bank/credit-balance')).body).toEqual({ customerId: 'c-bank', balances: [{ currency: 'USD', balance: '5.08' }] });
    // A credit note after the money came: owed 19.92 − 10.00 = 9.92, paid 25.00, so 15.08 to credit,
    // settled by the job's sweep (called here directly) rather than by a payment event.
    expect((await h.api('POST', `/v1/invoices/${inv.invoiceId}/credit-notes`, { amount: '10.00', reason: 'goodwill' })).status).toBe(201);
    const facts = h.server.app.get(PaymentFactsService, { strict: false });
    expect(await facts.settleChangedCredits(100)).toBe(1);
    expect(await facts.settleChangedCredits(100)).toBe(0);
    expect((await h.api('GET', '/v1/customers/c-bank/credit-balance')).body).toEqual({ customerId: 'c-bank', balances: [{ currency: 'USD', balance: '15.08' }] });
    const list = (await h.api<{ payments: Array<{ kind: string; amount: string; paymentRef: string }> }>('GET', `/v1/payments?invoiceId=${inv.invoiceId}`)).body;
    expect(list.payments.map((p) => [p.kind, p.amount, p.paymentRef])).toEqual([
      ['recorded', '15.00', 'SEPA-0001'],
      ['recorded', '10.00', 'SEPA-0002'],
    ]);
  });

  it('a dispute opened at Stripe is kept with its mapped status and deadline', async () => {
    const [pi] = [...sim.stripe.intents.keys()];
    sim.stripe.openDispute(pi!);
    await settle();
    const events = (await h.api<Array<{ eventType: string; status: string; funds: string; customerId: string }>>('GET', '/v1/payments/dispute-events')).body;
    expect(events.map((e) => [e.eventType, e.status, e.funds, e.customerId])).toEqual([
      ['charge.dispute.created', 'needs_response', '', 'c-usd'],
      ['charge.dispute.funds_withdrawn', 'needs_response', 'withdrawn', 'c-usd'],
    ]);
  });

  it('an Adyen chargeback and its reversal are kept as dispute facts of the invoice', async () => {
    // The first Adyen payment was declined; the second took 6.00.
    const [, psp] = [...sim.adyen.payments.keys()];
    sim.adyen.dispute(psp!, 'CHARGEBACK');
    sim.adyen.dispute(psp!, 'CHARGEBACK_REVERSED');
    await settle();
    const inv = await invoiceOf('c-eur');
    const events = (await h.api<Array<{ eventType: string; status: string; funds: string; amount: string; currency: string }>>('GET', `/v1/payments/dispute-events?invoiceId=${inv.invoiceId}`)).body;
    expect(events.map((e) => [e.eventType, e.status, e.funds, e.amount, e.currency])).toEqual([
      ['CHARGEBACK', 'under_review', 'withdrawn', '6.00', 'EUR'],
      ['CHARGEBACK_REVERSED', 'won', 'reinstated', '6.00', 'EUR'],
    ]);
  });

  it("the invoice JSON (SQL view) agrees with payments' own derivation for every invoice", async () => {
    for (const inv of (await invoices()).values()) {
      const p = (await h.api<{ status: string; amountPaid: string; amountRefunded: string; amountDue: string }>('GET', `/v1/payments?invoiceId=${inv.invoiceId}`)).body;
      expect([p.status, p.amountPaid, p.amountRefunded, p.amountDue]).toEqual([inv.status, inv.amountPaid, inv.amountRefunded, inv.amountDue]);
    }
  });
});

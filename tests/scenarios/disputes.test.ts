import { DisputesService, pdfText } from '@hourglass/disputes';
import type { PspSim } from '@hourglass/psp-sim';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import { clockStartingAt, type Harness } from '../support/harness';
import { startPspScenario, type PspScenario } from '../support/psp-scenario';

interface DisputeRow {
  disputeId: string;
  provider: string;
  invoiceId: string;
  customerId: string;
  status: string;
  reason: string;
  amount: string;
  currency: string;
  openedAt: string;
  dueBy: string | null;
  stage: string;
  rootCause: string;
  deadline: string;
}
interface Balance {
  account: string;
  currency: string;
  balance: string;
}

/**
 * September 2026 billed on 5 November and paid through both simulated processors, every webhook
 * delivered twice; then one dispute at each processor: Stripe's defended and won (its closing events
 * delivered newest first), Adyen's defended, reversed and lost to a second chargeback that arrives
 * before the reversal, the loss clawed back from the operator (HOURGLASS_DISPUTE_LOSS_POLICY=operator).
 */
describe('disputes scenario: a dispute won at Stripe, one lost at Adyen with operator clawback', () => {
  let s: PspScenario;
  let h: Harness;
  let sim: PspSim;
  let disputes: DisputesService;
  const clock = clockStartingAt('2026-11-05T09:00:00.000Z');
  const settle = () => sim.sender.idle();
  const list = async (query = '') => (await h.api<{ disputes: DisputeRow[]; nextCursor: string | null }>('GET', `/v1/disputes${query}`)).body;
  const balances = async () => (await h.api<Balance[]>('GET', '/v1/ledger/balances')).body;
  const balance = (all: Balance[], account: string, currency: string) => all.find((b) => b.account === account && b.currency === currency)?.balance ?? '0';
  const submit = (id: string, key: string, body: object = {}) =>
    h.api<{ status: string; created: boolean; submitted: boolean }>('POST', `/v1/disputes/${encodeURIComponent(id)}/evidence`, body, { headers: { 'idempotency-key': key } });
  const download = async (path: string) => {
    const r = await fetch(`${h.server.url}${path}`, { headers: h.authHeaders() });
    return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
  };
  let stripeDispute = '';
  let adyenDispute = '';
  let invoices: Map<string, { invoiceId: string; number: string }>;

  beforeAll(async () => {
    s = await startPspScenario(clock, {
      HOURGLASS_LEDGER_SYNC_INTERVAL_MS: '0',
      HOURGLASS_DISPUTES_SYNC_INTERVAL_MS: '0',
      HOURGLASS_DISPUTE_LOSS_POLICY: 'operator',
    });
    ({ h, sim } = s);
    disputes = h.server.app.get(DisputesService, { strict: false });
    const docs = [
      customer({ customerId: 'c-usd', name: 'Acme Research', currency: 'USD', paymentProvider: 'stripe' }),
      customer({ customerId: 'c-eur', name: 'Euro Labs', currency: 'EUR', paymentProvider: 'adyen' }),
      priceBook({ priceBookId: 'pb-usd', currency: 'USD' }),
      priceBook({ priceBookId: 'pb-eur', currency: 'EUR', rates: [{ gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand', unitPrice: '2.00' }] }),
      rental({ rentalId: 'r-usd', customerId: 'c-usd', priceBookId: 'pb-usd', nodeId: 'node-17', startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
      rental({ rentalId: 'r-eur', customerId: 'c-eur', priceBookId: 'pb-eur', nodeId: 'node-18', startedAt: '2026-09-01T00:00:00Z', updatedAt: '2026-09-01T00:00:00Z' }),
    ];
    expect((await h.api('POST', '/v1/reference', docs)).status).toBeLessThan(300);
    // Each rental: two half hours on 10 September at 80 % and 90 % utilisation, 2,100 Wh each.
    for (const [rentalId, nodeId] of [['r-usd', 'node-17'], ['r-eur', 'node-18']] as const) {
      for (const [start, end, util] of [['00:00', '00:30', 80], ['00:30', '01:00', 90]] as const) {
        await h.publish(
          SUBJECT,
          usageEvent({ source: `agent://op-42/dc-fra-1/${nodeId}`, data: { rentalId, nodeId, intervalStart: `2026-09-10T${start}:00.000Z`, intervalEnd: `2026-09-10T${end}:00.000Z`, gpuUtilizationPct: util, energyWh: 2100 } }),
        );
      }
    }
    await h.waitFor(async () => (await h.api<{ accepted: number }>('GET', '/v1/status')).body.accepted, (n) => n === 4);
    expect((await h.api('POST', '/v1/billing-runs', { period: '2026-09' })).status).toBe(200);
    const all = (await h.api<Array<{ invoiceId: string; number: string; customerId: string; total: string }>>('GET', '/v1/invoices?period=2026-09')).body;
    // 8 GPUs × 1 h × 2.49 = 19.92 USD; 8 × 1 h × 2.00 = 16.00 EUR
    expect(all.map((i) => [i.customerId, i.total]).sort()).toEqual([
      ['c-eur', '16.00'],
      ['c-usd', '19.92'],
    ]);
    invoices = new Map(all.map((i) => [i.customerId, i]));
    for (const c of ['c-usd', 'c-eur']) expect((await h.api('POST', '/v1/payments/collect', { invoiceId: invoices.get(c)!.invoiceId })).status).toBe(201);
    await settle();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('opens a Stripe dispute with its deadline and root cause, and announces it once', async () => {
    const [pi] = [...sim.stripe.intents.keys()];
    stripeDispute = String(sim.stripe.openDispute(pi!, 'product_not_received')!.id);
    await settle();
    expect(await disputes.sync()).toEqual({ announced: 1, losses: 0, lossesReversed: 0 });
    expect(await disputes.sync()).toEqual({ announced: 0, losses: 0, lossesReversed: 0 });
    const [row] = (await list('?provider=stripe')).disputes;
    // due_by = 5 November 09:00 + 7 days
    expect(row).toMatchObject({ disputeId: stripeDispute, provider: 'stripe', invoiceId: invoices.get('c-usd')!.invoiceId, customerId: 'c-usd', status: 'needs_response', reason: 'product_not_received', rootCause: 'service_not_received', amount: '19.92', currency: 'USD', deadline: 'later' });
    expect(row!.dueBy!.slice(0, 16)).toBe('2026-11-12T09:00');
    const events = await h.sql<{ id: string; payload: string }>("SELECT id, payload FROM outbox WHERE startsWith(id, 'dispute.opened:')");
    expect(events.map((e) => e.id)).toEqual([`dispute.opened:${stripeDispute}`]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ type: 'hourglass.dispute.opened', source: 'hourglass', data: { disputeId: stripeDispute, amount: '19.92', currency: 'USD', customerId: 'c-usd' } });
  });

  it('builds the evidence pack from our own data, as JSON and as a PDF that says the same', async () => {
    const pack = (await h.api<{ usage: { perNode: unknown[] }; invoice: { number: string; lines: unknown[] }; rentals: unknown[]; payments: Array<{ kind: string; amount: string }>; customer: { name: string } }>('GET', `/v1/disputes/${stripeDispute}/evidence.json`)).body;
    // two half hours on node-17: 1 covered hour, 8 GPU-hours, mean utilisation (80 + 90) ÷ 2 = 85.0 %, 4,200 Wh
    expect(pack.usage.perNode).toEqual([{ rentalId: 'r-usd', nodeId: 'node-17', coveredHours: '1.000', gpuHours: '8.000', avgUtilizationPct: '85.0', energyKwh: '4.200', firstDay: '2026-09-10', lastDay: '2026-09-10', events: 2 }]);
    expect(pack.invoice).toMatchObject({ number: invoices.get('c-usd')!.number, lines: [expect.objectContaining({ rentalId: 'r-usd', amount: '19.92' })] });
    expect(pack.rentals).toEqual([expect.objectContaining({ rentalId: 'r-usd', nodeId: 'node-17', gpuModel: 'H100-SXM-80GB', pricingClass: 'on_demand' })]);
    expect(pack.payments.map((p) => [p.kind, p.amount])).toEqual([['captured', '19.92']]);
    expect(pack.customer.name).toBe('Acme Research');
    const pdf = await download(`/v1/disputes/${stripeDispute}/evidence.pdf`);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const text = pdfText(pdf.body);
    for (const s of [`Dispute evidence ${stripeDispute}`, 'node-17', 'r-usd', invoices.get('c-usd')!.number, 'Acme Research', '85.0', '4.200', '19.92']) expect(text).toContain(s);
    expect((await h.api('GET', '/v1/disputes/dp_nope/evidence.json')).body).toMatchObject({ reason: 'dispute_not_found' });
  });

  it('submits the evidence to Stripe once per Idempotency-Key, and wins, closing events reordered', async () => {
    expect((await h.api('POST', `/v1/disputes/${stripeDispute}/evidence`, {})).body).toMatchObject({ reason: 'invalid_idempotency_key' });
    const first = await submit(stripeDispute, 'evidence-stripe-1');
    expect([first.status, first.body.created, first.body.submitted]).toEqual([201, true, true]);
    const again = await submit(stripeDispute, 'evidence-stripe-1');
    expect([again.status, again.body.created]).toEqual([200, false]);
    const sent = sim.stripe.disputes.get(stripeDispute)!.evidence as Record<string, string>;
    expect(sent.access_activity_log).toContain('2026-09-10,r-usd,node-17,1.000,8.000,85.0,4.200');
    expect(sent.customer_name).toBe('Acme Research');
    // The PDF went through the Files API (multipart, purpose dispute_evidence), once, and the dispute names it.
    expect(sim.stripe.files.size).toBe(1);
    const [[fileId, file]] = [...sim.stripe.files.entries()];
    expect(sent.uncategorized_file).toBe(fileId);
    expect([file!.purpose, file!.contentType, file!.filename]).toEqual(['dispute_evidence', 'application/pdf', `evidence-${stripeDispute}.pdf`]);
    expect(file!.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file!.data);
    for (const t of [`Dispute evidence ${stripeDispute}`, 'node-17', 'Acme Research', '19.92']) expect(text).toContain(t);
    await settle();
    expect((await list('?provider=stripe')).disputes[0]).toMatchObject({ status: 'under_review', deadline: 'none' });
    sim.sender.options.reorder = true;
    sim.stripe.updateDispute(stripeDispute, 'won');
    sim.sender.options.reorder = false;
    sim.sender.flush();
    await settle();
    const detail = (await h.api<{ status: string; withdrawn: string; reinstated: string; events: Array<{ eventType: string }> }>('GET', `/v1/disputes/${stripeDispute}`)).body;
    expect([detail.status, detail.withdrawn, detail.reinstated]).toEqual(['won', '19.92', '19.92']);
    // Each webhook took effect once: five events, each delivered twice or more.
    expect(detail.events.map((e) => e.eventType)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
    const deliveries = sim.sender.deliveries.filter((d) => d.provider === 'stripe' && d.body.includes(stripeDispute)).length;
    expect(deliveries).toBeGreaterThanOrEqual(10);
    expect((await submit(stripeDispute, 'evidence-stripe-2')).body).toMatchObject({ reason: 'dispute_closed' });
  });

  it('defends an Adyen dispute with the PDF through the Disputes API', async () => {
    const [psp] = [...sim.adyen.payments.keys()];
    sim.adyen.dispute(psp!, 'NOTIFICATION_OF_CHARGEBACK', 'Goods/Services Not Provided', 2 * 86_400, 'Undefended');
    sim.adyen.dispute(psp!, 'CHARGEBACK', 'Goods/Services Not Provided', 2 * 86_400, 'Undefended');
    await settle();
    adyenDispute = `adyen:${psp}`;
    // sorted by deadline: Adyen's (in 2 days, within 72 h) before Stripe's (closed, none)
    const page = await list();
    expect(page.disputes.map((d) => [d.disputeId, d.status, d.deadline, d.rootCause])).toEqual([
      [adyenDispute, 'needs_response', 'due_72h', 'service_not_received'],
      [stripeDispute, 'won', 'none', 'service_not_received'],
    ]);
    const first = await list('?limit=1');
    expect(first.disputes.map((d) => d.disputeId)).toEqual([adyenDispute]);
    expect((await list(`?limit=1&cursor=${first.nextCursor}`)).disputes.map((d) => d.disputeId)).toEqual([stripeDispute]);
    const r = await submit(adyenDispute, 'evidence-adyen-1');
    expect([r.status, r.body.status]).toEqual([201, 'submitted']);
    expect((await list('?provider=adyen')).disputes[0]).toMatchObject({ status: 'under_review', deadline: 'none' });
    const [defense] = [...sim.adyen.defenses.values()];
    expect(defense!.defenseReasonCode).toBe('SupplyDefenseMaterial');
    expect(defense!.documents.map((d) => [d.defenseDocumentTypeCode, d.contentType])).toEqual([['DefenseMaterial', 'application/pdf']]);
    const text = pdfText(Buffer.from(String(defense!.documents[0]!.content), 'base64'));
    for (const s of ['node-18', 'r-eur', 'Euro Labs', invoices.get('c-eur')!.number, '16.00']) expect(text).toContain(s);
  });

  it('loses the Adyen dispute to a second chargeback delivered before the reversal, and claws it back from the operator', async () => {
    const [psp] = [...sim.adyen.payments.keys()];
    sim.sender.options.reorder = true;
    sim.adyen.dispute(psp!, 'CHARGEBACK_REVERSED', 'Goods/Services Not Provided', 0, 'Won');
    sim.adyen.dispute(psp!, 'SECOND_CHARGEBACK', 'Goods/Services Not Provided', 0, 'Lost');
    sim.sender.options.reorder = false;
    sim.sender.flush();
    await settle();
    const detail = (await h.api<{ status: string; stage: string; withdrawn: string; reinstated: string; events: unknown[] }>('GET', `/v1/disputes/${encodeURIComponent(adyenDispute)}`)).body;
    // withdrawn twice (chargeback, second chargeback), reinstated once (reversal): 16.00 lost
    expect([detail.status, detail.stage, detail.withdrawn, detail.reinstated, detail.events.length]).toEqual(['lost', 'second_chargeback', '32.00', '16.00', 4]);
    expect(await disputes.sync()).toEqual({ announced: 1, losses: 1, lossesReversed: 0 });
    expect(await disputes.sync()).toEqual({ announced: 0, losses: 0, lossesReversed: 0 });
    expect((await h.api('POST', '/v1/ledger/sync')).status).toBeLessThan(300);
    const b = await balances();
    // 16.00 EUR invoice: op-42's share 16.00 × 0.85 = 13.60, platform fee 2.40; the loss of 16.00 is
    // split the same way: 13.60 clawed back from op-42 (its payable back to 0), 2.40 to dispute_losses.
    expect([balance(b, 'operator_payable:op-42', 'EUR'), balance(b, 'dispute_losses', 'EUR'), balance(b, 'disputed_funds:adyen', 'EUR'), balance(b, 'psp_clearing:adyen', 'EUR')]).toEqual(['0.00', '2.40', '0.00', '0.00']);
    // Stripe's won dispute: the funds came back to clearing; the operator keeps its share.
    expect([balance(b, 'disputed_funds:stripe', 'USD'), balance(b, 'psp_clearing:stripe', 'USD'), balance(b, 'operator_payable:op-42', 'USD')]).toEqual(['0.00', '19.92', '16.93']);
    const trial = (await h.api<Array<{ currency: string; debits: string; credits: string }>>('GET', '/v1/ledger/trial-balance')).body;
    for (const row of trial) expect(row.debits).toBe(row.credits);
    const again = (await h.api<{ posted: Record<string, number> }>('POST', '/v1/ledger/sync')).body;
    expect(Object.values(again.posted).every((n) => n === 0)).toBe(true);
    const lost = await h.sql<{ txn_id: string }>("SELECT DISTINCT txn_id FROM ledger_entries FINAL WHERE startsWith(txn_id, 'dispute-lost:')");
    expect(lost.map((r) => r.txn_id)).toEqual([`dispute-lost:${adyenDispute}`]);
  });

  it('reports the chargeback rate per processor and month, by count and by amount', async () => {
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    // November: Stripe 1 dispute ÷ 1 payment; Adyen 1 ÷ 1; amounts 19.92 ÷ 19.92 and 16.00 ÷ 16.00
    const rates = metrics.split('\n').filter((l) => l.startsWith('hourglass_disputes_chargeback_rate{'));
    expect(rates.sort()).toEqual([
      'hourglass_disputes_chargeback_rate{basis="amount",provider="adyen",month="2026-11",currency="EUR",app="hourglass"} 1',
      'hourglass_disputes_chargeback_rate{basis="amount",provider="stripe",month="2026-11",currency="USD",app="hourglass"} 1',
      'hourglass_disputes_chargeback_rate{basis="count",provider="adyen",month="2026-11",currency="all",app="hourglass"} 1',
      'hourglass_disputes_chargeback_rate{basis="count",provider="stripe",month="2026-11",currency="all",app="hourglass"} 1',
    ]);
    expect(metrics).toContain('hourglass_disputes_open{status="needs_response",app="hourglass"} 0');
    expect(metrics).toContain('hourglass_disputes_response_due{window="72h",app="hourglass"} 0');
  });
});

import { connectRedis, type RedisClient } from '@hourglass/redis';
import { DUNNING_JOB, DunningJob, DunningService } from '@hourglass/dunning';
import { UNFENCED } from '@hourglass/contracts';
import { LeasedJob, RedisLeaseStore } from '@hourglass/kernel';
import type { PspSim } from '@hourglass/psp-sim';
import { MS_PER_DAY, MS_PER_HOUR } from '@hourglass/time';
import { customer, priceBook, rental, SUBJECT, usageEvent } from '../support/fixtures';
import type { Harness } from '../support/harness';
import { startPspScenario, steppedClock, streamMessages, type PspScenario } from '../support/psp-scenario';

interface QueueItem {
  invoiceId: string;
  customerId: string;
  attempt: number;
  attemptsMax: number;
  nextAttemptAt: string | null;
  state: string;
  amountDue: string;
  segment: string;
}

interface Invoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountDue: string;
  status: string;
}

/**
 * September 2026 billed on Thursday 5 November 09:00 UTC. c-late's Stripe payment is declined and
 * recovered by dunning's first retry two days later; c-gone (Adyen, segment `fast`: 2 retries over
 * 3 days, suspended after 1) is declined every time, suspended after its grace period, exhausted,
 * and reinstated when a bank transfer pays the invoice. Every webhook is delivered twice.
 */
describe('dunning scenario: a recovery by retry, a suspension and a reinstatement', () => {
  let s: PspScenario;
  let h: Harness;
  let sim: PspSim;
  let redisA: RedisClient;
  let redisB: RedisClient;
  const clock = steppedClock('2026-11-05T09:00:00.000Z');
  const invoices = async () => new Map((await h.api<Invoice[]>('GET', '/v1/invoices?period=2026-09')).body.map((i) => [i.customerId, i]));
  const queue = async (query = '') => (await h.api<{ items: QueueItem[]; nextCursor: string | null }>('GET', `/v1/dunning${query}`)).body;
  const itemOf = async (customerId: string) => (await queue()).items.find((i) => i.customerId === customerId);
  const tick = () => h.server.app.get(DunningJob, { strict: false }).runOnce();
  const settle = () => sim.sender.idle();

  const dunningEvents = async () => (await streamMessages(h, 'BILLING', 'billing.v1.dunning.')).map((m) => [m.subject.slice('billing.v1.dunning.'.length), m.body.customerId, m.body.attempt]);
  const suspensions = async () => (await streamMessages(h, 'MARKETPLACE', 'marketplace.v1.suspensions')).map((m) => m.body);
  /** The value of a sample of `name` whose labels include `label` (every sample also has app="hourglass"). */
  const metric = async (name: string, label = '') => {
    const text = await (await fetch(`${h.server.url}/metrics`)).text();
    const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(label));
    return line?.split(' ').pop();
  };

  beforeAll(async () => {
    s = await startPspScenario(clock, {
      // The test drives the ticks; the job's schedule stays off.
      HOURGLASS_DUNNING_INTERVAL_MS: '0',
      HOURGLASS_DUNNING_POLICIES: 'fast=2/3/1',
      HOURGLASS_DUNNING_SEGMENTS: 'c-gone=fast',
    });
    ({ h, sim } = s);
    // Two more connections: each stands for another replica's lease client.
    redisA = await connectRedis({ url: h.redis.url, keyPrefix: h.config.redis.keyPrefix });
    redisB = await connectRedis({ url: h.redis.url, keyPrefix: h.config.redis.keyPrefix });
    const customers = [
      { id: 'c-late', currency: 'USD', provider: 'stripe', price: '2.49' },
      { id: 'c-gone', currency: 'EUR', provider: 'adyen', price: '2.00' },
    ];
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
    // 8 GPUs × 1 h × 2.49 = 19.92 USD; 8 × 1 × 2.00 = 16.00 EUR
    expect([...(await invoices()).values()].map((i) => [i.customerId, i.amountDue, i.status]).sort()).toEqual([
      ['c-gone', '16.00', 'finalized'],
      ['c-late', '19.92', 'finalized'],
    ]);
  });

  afterAll(async () => {
    await redisA?.quit();
    await redisB?.quit();
    await s?.close();
  });

  it('starts dunning for a declined payment: the first retry two days later, six hours after the failed hour', async () => {
    const inv = (await invoices()).get('c-late')!;
    sim.stripe.declineNext = 1;
    expect((await h.api<{ status: string }>('POST', '/v1/payments/collect', { invoiceId: inv.invoiceId })).body.status).toBe('requires_payment_method');
    await settle();
    await tick();
    // Failed on Thursday at 09:xx: day 2 (Saturday), 09 + 6 = 15:00 UTC; 8 retries of the default policy.
    expect(await itemOf('c-late')).toMatchObject({ invoiceId: inv.invoiceId, state: 'scheduled', attempt: 0, attemptsMax: 8, nextAttemptAt: '2026-11-07T15:00:00.000Z', amountDue: '19.92', segment: 'default' });
    // Nothing is due yet: a tick retries nothing.
    const intents = sim.stripe.intents.size;
    await tick();
    expect(sim.stripe.intents.size).toBe(intents);
  });

  it('retries once when due, though two job instances (two replicas) tick at once, and the payment recovers the invoice', async () => {
    const inv = (await invoices()).get('c-late')!;
    const intents = sim.stripe.intents.size;
    clock.advanceTo('2026-11-07T15:00:01.000Z');
    // This process's job keeps the lease between ticks: give it up, as a replica stopping would.
    await h.server.app.get(DunningJob, { strict: false }).stop();
    const service = h.server.app.get(DunningService, { strict: false });
    const options = { name: DUNNING_JOB, leaseMs: 30_000, intervalMs: 1_000, tickMsMax: 60_000 };
    const replicaA = new LeasedJob(options, { store: new RedisLeaseStore(redisA), clock }, (f) => service.tick(f));
    const replicaB = new LeasedJob(options, { store: new RedisLeaseStore(redisB), clock }, (f) => service.tick(f));
    const outcomes = await Promise.all([replicaA.runOnce(), replicaB.runOnce()]);
    expect(outcomes.sort()).toEqual(['ran', 'skipped']);
    await Promise.all([replicaA.stop(), replicaB.stop()]);
    expect(sim.stripe.intents.size).toBe(intents + 1);
    await settle();
    await tick();
    expect(await itemOf('c-late')).toMatchObject({ state: 'recovered', attempt: 1, nextAttemptAt: null });
    expect((await invoices()).get('c-late')).toMatchObject({ amountDue: '0.00', status: 'paid' });
    expect(sim.stripe.intents.get([...sim.stripe.intents.keys()].pop()!)).toMatchObject({ metadata: { hourglass_invoice_id: inv.invoiceId } });
  });

  it('suspends a customer still owing past the grace period, exhausts the retries, and reinstates on a bank transfer', async () => {
    const inv = (await invoices()).get('c-gone')!;
    sim.adyen.declineNext = 3;
    clock.advanceTo('2026-11-08T10:00:00.000Z');
    expect((await h.api<{ status: string }>('POST', '/v1/payments/collect', { invoiceId: inv.invoiceId })).body.status).toBe('Refused');
    await settle();
    await tick();
    // Segment fast (2 retries over 3 days): days 2 and 3 after Sunday the 8th, at 10 + 6 and 10 + 12 h.
    expect(await itemOf('c-gone')).toMatchObject({ state: 'scheduled', attempt: 0, attemptsMax: 2, nextAttemptAt: '2026-11-10T16:00:00.000Z', segment: 'fast' });
    await tick();
    expect(await suspensions()).toEqual([]);
    // Redis loses the schedule (flushed, failed over without the data): the next tick puts the case
    // back from its facts, and the retries below still happen on time.
    expect(await redisB.del('dunning:{schedule}:cases', 'dunning:{schedule}:due')).toBe(2);
    // One day of grace from the failure.
    clock.advanceTo('2026-11-09T10:00:01.000Z');
    await tick();
    clock.advanceTo('2026-11-10T16:00:01.000Z');
    // Two ticks at once without any lease (a replica whose lease expired mid-tick): the retry's
    // idempotency key makes them one payment at the processor.
    const payments = sim.adyen.payments.size;
    const service = h.server.app.get(DunningService, { strict: false });
    await Promise.all([service.tick(UNFENCED), service.tick(UNFENCED)]);
    expect(sim.adyen.payments.size).toBe(payments + 1);
    await settle();
    expect(await itemOf('c-gone')).toMatchObject({ state: 'scheduled', attempt: 1, nextAttemptAt: '2026-11-11T22:00:00.000Z' });
    clock.advanceTo('2026-11-11T22:00:01.000Z');
    await tick();
    expect(await itemOf('c-gone')).toMatchObject({ state: 'exhausted', attempt: 2, nextAttemptAt: null });
    await h.waitFor(async () => (await suspensions()).length, (n) => n === 1);
    expect(await metric('hourglass_dunning_involuntary_churn_customers')).toBe('1');

    clock.advanceTo('2026-11-13T09:00:00.000Z');
    expect((await h.api('POST', '/v1/payments/records', { invoiceId: inv.invoiceId, amount: '16.00', reference: 'SEPA-DUN-1' })).status).toBe(201);
    await tick();
    await tick();
    expect(await itemOf('c-gone')).toMatchObject({ state: 'recovered', attempt: 2 });
    await h.waitFor(async () => (await suspensions()).length, (n) => n === 2);
    expect(await suspensions()).toEqual([
      { customerId: 'c-gone', action: 'suspend', reason: 'payment_overdue', at: expect.stringMatching(/^2026-11-09T10:00/) },
      { customerId: 'c-gone', action: 'reinstate', reason: 'overdue_invoices_paid', at: expect.stringMatching(/^2026-11-13T09:00/) },
    ]);
    await h.waitFor(() => metric('hourglass_dunning_involuntary_churn_customers'), (v) => v === '0', 5_000);
  });

  it('sent every dunning event exactly once, in order, per invoice', async () => {
    await h.waitFor(async () => (await dunningEvents()).length, (n) => n >= 10);
    const events = await dunningEvents();
    expect(events.filter((e) => e[1] === 'c-late')).toEqual([
      ['started', 'c-late', 0],
      ['retry_scheduled', 'c-late', 1],
      ['recovered', 'c-late', 0],
    ]);
    expect(events.filter((e) => e[1] === 'c-gone')).toEqual([
      ['started', 'c-gone', 0],
      ['retry_scheduled', 'c-gone', 1],
      ['retry_failed', 'c-gone', 1],
      ['retry_scheduled', 'c-gone', 2],
      ['retry_failed', 'c-gone', 2],
      ['exhausted', 'c-gone', 2],
      ['recovered', 'c-gone', 0],
    ]);
    const ids = (await streamMessages(h, 'BILLING', 'billing.v1.dunning.')).map((m) => m.msgId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports recovery from facts: rate 1 in both currencies, the queue paginated and filtered', async () => {
    expect(await metric('hourglass_dunning_recovery_rate', 'currency="USD"')).toBe('1');
    expect(await metric('hourglass_dunning_recovery_rate', 'currency="EUR"')).toBe('1');
    expect(Number(await metric('hourglass_dunning_time_to_recovery_seconds', 'quantile="1"'))).toBeGreaterThan(4 * MS_PER_DAY / 1000);
    expect(Number(await metric('hourglass_dunning_time_to_recovery_seconds', 'quantile="0.5"'))).toBeGreaterThan((2 * MS_PER_DAY - 18 * MS_PER_HOUR) / 1000);
    const first = await queue('?limit=1');
    expect(first.items).toHaveLength(1);
    const second = await queue(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([first.items[0]!.customerId, second.items[0]!.customerId].sort()).toEqual(['c-gone', 'c-late']);
    expect((await queue('?state=scheduled,exhausted')).items).toEqual([]);
    expect((await h.api('GET', '/v1/dunning?state=late')).body).toMatchObject({ reason: 'invalid_state' });
  });
});

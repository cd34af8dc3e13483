import Big from 'big.js';
import type { OutboxMessage } from '@hourglass/contracts';
import { UNFENCED } from '@hourglass/contracts';
import { DunningPolicies, type CaseFacts, type CustomerSuspension, type DunningCandidate, type DunningCase, type DunningFact, type SuspensionFact } from './domain';
import { DunningService } from './dunning.service';
import type { DunningFactStore, DunningScheduleStore, InvoiceBalance, PaymentCollector } from './ports';

class MemorySchedule implements DunningScheduleStore {
  readonly byInvoice = new Map<string, DunningCase>();
  async add(c: DunningCase) {
    if (this.byInvoice.has(c.invoiceId)) return false;
    this.byInvoice.set(c.invoiceId, c);
    return true;
  }
  async get(id: string) {
    return this.byInvoice.get(id) ?? null;
  }
  async put(c: DunningCase) {
    this.byInvoice.set(c.invoiceId, c);
  }
  async remove(id: string) {
    this.byInvoice.delete(id);
  }
  async due(nowMs: number, limit: number) {
    return [...this.byInvoice.values()].filter((c) => c.nextAttemptAtMs !== null && c.nextAttemptAtMs <= nowMs).map((c) => c.invoiceId).slice(0, limit);
  }
  async cases(limit: number) {
    return [...this.byInvoice.values()].slice(0, limit);
  }
}

/** Facts keyed by id, as ReplacingMergeTree + FINAL reads them. */
class MemoryFacts implements Partial<DunningFactStore> {
  readonly facts = new Map<string, DunningFact>();
  readonly suspensionFacts = new Map<string, SuspensionFact>();
  candidatesList: DunningCandidate[] = [];
  readonly balance = new Map<string, InvoiceBalance>();
  async candidates() {
    const started = new Set([...this.facts.values()].filter((f) => f.event === 'started').map((f) => f.invoiceId));
    return this.candidatesList.filter((c) => !started.has(c.invoiceId));
  }
  async balances(ids: readonly string[]) {
    return new Map(ids.filter((id) => this.balance.has(id)).map((id) => [id, this.balance.get(id)!]));
  }
  async write(facts: readonly DunningFact[]) {
    for (const f of facts) this.facts.set(f.factId, f);
  }
  async openCases(): Promise<CaseFacts[]> {
    const latest = new Map<string, DunningFact>();
    for (const f of this.facts.values()) if ((latest.get(f.invoiceId)?.step ?? -1) < f.step) latest.set(f.invoiceId, f);
    return [...latest.values()]
      .filter((f) => f.state === 'scheduled' || f.state === 'exhausted')
      .map((f) => ({
        invoiceId: f.invoiceId,
        customerId: f.customerId,
        currency: f.currency,
        segment: f.segment,
        amountDue: f.amount.toFixed(),
        failedAtMs: f.failedAtMs,
        startedAtMs: f.startedAtMs,
        graceEndsAtMs: f.graceEndsAtMs,
        scheduleJson: [...this.facts.values()].find((x) => x.invoiceId === f.invoiceId && x.event === 'started')!.detail,
        attemptsMade: Math.max(0, ...[...this.facts.values()].filter((x) => x.invoiceId === f.invoiceId && x.event === 'retry_attempted').map((x) => x.attempt)),
        lastAttemptAtMs: null,
        nextAttemptAtMs: f.nextAttemptAtMs,
        state: f.state,
      }));
  }
  async suspensions(): Promise<CustomerSuspension[]> {
    const latest = new Map<string, SuspensionFact>();
    for (const f of this.suspensionFacts.values()) if ((latest.get(f.customerId)?.seq ?? 0) < f.seq) latest.set(f.customerId, f);
    return [...latest.values()].map((f) => ({ customerId: f.customerId, action: f.action, seq: f.seq }));
  }
  async writeSuspensions(facts: readonly SuspensionFact[]) {
    for (const f of facts) this.suspensionFacts.set(f.factId, f);
  }
}

describe('DunningService', () => {
  const failedAtMs = Date.parse('2026-11-03T09:40:00Z');
  let nowMs: number;
  let schedule: MemorySchedule;
  let facts: MemoryFacts;
  let messages: OutboxMessage[];
  let calls: string[];
  let answers: Array<string | Error>;
  let sut: DunningService;

  beforeEach(() => {
    nowMs = failedAtMs + 60_000;
    schedule = new MemorySchedule();
    facts = new MemoryFacts();
    facts.candidatesList = [{ invoiceId: 'in_1', customerId: 'c-1', currency: 'USD', amountDue: '19.92', failedAtMs }];
    facts.balance.set('in_1', { amountDue: new Big('19.92'), status: 'finalized' });
    messages = [];
    calls = [];
    answers = [];
    const collector: PaymentCollector = {
      async collect(_invoiceId, key) {
        calls.push(key);
        const a = answers.shift() ?? 'requires_payment_method';
        if (a instanceof Error) throw a;
        return { status: a, paymentRef: `pi_${calls.length}` };
      },
    };
    sut = new DunningService(
      schedule,
      facts as unknown as DunningFactStore,
      collector,
      { enqueue: async (m) => void messages.push(...m) },
      new DunningPolicies([]),
      { nowMs: () => nowMs },
      { warn: () => undefined },
    );
  });

  it('starts a case once, however many ticks see the candidate', async () => {
    await sut.tick(UNFENCED);
    await sut.tick(UNFENCED);
    expect(messages.map((m) => m.subject)).toEqual(['billing.v1.dunning.started', 'billing.v1.dunning.retry_scheduled']);
    expect(calls).toEqual([]);
  });

  it('keeps one case per invoice: a second failure while it is in dunning starts no second schedule', async () => {
    await sut.tick(UNFENCED);
    const first = schedule.byInvoice.get('in_1')!;
    // A replica that read the candidates before the case's facts were written, and a later failure of
    // the same invoice (its own failed fact, a day on) among them.
    facts.candidates = async () => [
      { invoiceId: 'in_1', customerId: 'c-1', currency: 'USD', amountDue: '19.92', failedAtMs },
      { invoiceId: 'in_1', customerId: 'c-1', currency: 'USD', amountDue: '19.92', failedAtMs: failedAtMs + 86_400_000 },
    ];
    nowMs += 86_400_000;
    await sut.tick(UNFENCED);
    expect([...schedule.byInvoice.keys()]).toEqual(['in_1']);
    expect(schedule.byInvoice.get('in_1')).toEqual(first);
    expect([...facts.facts.values()].filter((f) => f.event === 'started').map((f) => [f.factId, f.failedAtMs, f.nextAttemptAtMs])).toEqual([[expect.any(String), failedAtMs, first.nextAttemptAtMs]]);
    // Every message of the repeat carries the first's id: the outbox and JetStream keep one.
    expect(new Set(messages.map((m) => m.id)).size).toBe(2);
  });

  it('keeps a retry due when the processor is down, and repeats it with the same idempotency key', async () => {
    await sut.tick(UNFENCED);
    nowMs = schedule.byInvoice.get('in_1')!.nextAttemptAtMs!;
    answers = [new Error('ECONNREFUSED'), 'requires_payment_method'];
    await sut.tick(UNFENCED);
    expect(schedule.byInvoice.get('in_1')!.attemptsMade).toBe(0);
    await sut.tick(UNFENCED);
    expect(calls).toEqual(['hg-dunning-in_1-1', 'hg-dunning-in_1-1']);
    expect(schedule.byInvoice.get('in_1')!.attemptsMade).toBe(1);
  });

  it('makes no retry once the lease is lost', async () => {
    await sut.tick(UNFENCED);
    nowMs = schedule.byInvoice.get('in_1')!.nextAttemptAtMs!;
    const lost = { token: 1, assertHeld: async () => Promise.reject(Object.assign(new Error('lost'), { reason: 'lease_lost' })) };
    await expect(sut.tick(lost)).rejects.toThrow('lost');
    expect(calls).toEqual([]);
  });

  it('closes as recovered when the invoice is paid by any route, then suspends nobody', async () => {
    await sut.tick(UNFENCED);
    facts.balance.set('in_1', { amountDue: new Big(0), status: 'paid' });
    nowMs += 30 * 86_400_000;
    await sut.tick(UNFENCED);
    expect(schedule.byInvoice.size).toBe(0);
    expect(messages.map((m) => m.subject).pop()).toBe('billing.v1.dunning.recovered');
    expect(facts.suspensionFacts.size).toBe(0);
  });

  it('suspends after grace, reinstates when paid, and rebuilds a lost schedule from facts', async () => {
    await sut.tick(UNFENCED);
    nowMs = failedAtMs + 7 * 86_400_000;
    schedule.byInvoice.clear();
    const result = await sut.tick(UNFENCED);
    expect(result).toMatchObject({ restored: 1, suspended: 1 });
    expect(schedule.byInvoice.get('in_1')).toMatchObject({ state: 'scheduled' });
    facts.balance.set('in_1', { amountDue: new Big(0), status: 'paid' });
    expect(await sut.tick(UNFENCED)).toMatchObject({ recovered: 1, reinstated: 1 });
    expect(messages.filter((m) => m.subject === 'marketplace.v1.suspensions').map((m) => (JSON.parse(m.payload) as { action: string }).action)).toEqual(['suspend', 'reinstate']);
  });
});

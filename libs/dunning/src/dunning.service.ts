import { dec, formatMoney } from '@hourglass/money';
import {
  afterAttempt,
  caseFromFacts,
  close,
  dunningMessage,
  exhaust,
  isExhaustedAt,
  retryIdempotencyKey,
  startCase,
  suspensionDecisions,
  suspensionMessage,
  type DunningCandidate,
  type DunningCase,
  type DunningFact,
  type DunningPolicies,
  type OpenDunning,
  type SuspensionFact,
} from './domain';
import type { Clock, DunningFactStore, DunningLogger, DunningScheduleStore, FenceCheck, Outbox, PaymentCollector } from './ports';

/** Bounds of one tick: a backlog drains over several ticks. */
export interface DunningTickOptions {
  candidatesPerTickMax: number;
  retriesPerTickMax: number;
  casesMax: number;
}

export const DEFAULT_DUNNING_TICK: DunningTickOptions = { candidatesPerTickMax: 500, retriesPerTickMax: 100, casesMax: 50_000 };

export interface DunningTickResult {
  started: number;
  /** Open cases put back into a schedule that had lost them (from facts). */
  restored: number;
  retried: number;
  recovered: number;
  cancelled: number;
  exhausted: number;
  suspended: number;
  reinstated: number;
}

const amount = (s: string) => dec(s);
const candidateOf = (c: DunningCase): DunningCandidate => ({ invoiceId: c.invoiceId, customerId: c.customerId, currency: c.currency, amountDue: c.amountDue, failedAtMs: c.failedAtMs });
const formatAmount = (f: DunningFact) => formatMoney(f.amount, f.currency);

/**
 * One dunning tick, run by the holder of the `dunning` lease (adapters/dunning.job.ts). Durable steps
 * in order, and what breaks otherwise:
 *   start:   schedule (Redis, add-if-absent) → facts → outbox. A case's `started` fact is what keeps
 *            the invoice out of the candidates, so it is written after the schedule exists: a crash in
 *            between finds the candidate again, and the add is a no-op.
 *   retry:   fence check → processor (idempotency key per invoice and attempt) → facts → outbox →
 *            schedule. A crash before the schedule moves repeats the attempt with the same key, which
 *            the processor answers with the same payment: one charge, whatever happens.
 *   close:   facts → outbox → schedule removal; a crash in between writes the same facts again.
 * Facts have deterministic ids and outbox messages carry them as their Nats-Msg-Id, so every repeat
 * is one fact and one message.
 */
export class DunningService {
  constructor(
    private readonly schedule: DunningScheduleStore,
    private readonly facts: DunningFactStore,
    private readonly collector: PaymentCollector,
    private readonly outbox: Outbox,
    private readonly policies: DunningPolicies,
    private readonly clock: Clock,
    private readonly logger: DunningLogger,
    private readonly options: DunningTickOptions = DEFAULT_DUNNING_TICK,
  ) {}

  async tick(fence: FenceCheck): Promise<DunningTickResult> {
    const result: DunningTickResult = { started: 0, restored: 0, retried: 0, recovered: 0, cancelled: 0, exhausted: 0, suspended: 0, reinstated: 0 };
    await this.start(fence, result);
    const open = await this.facts.openCases(this.options.casesMax);
    await this.restore(open, fence, result);
    await this.closeOrExhaust(fence, result);
    await this.retryDue(fence, result);
    // Closing again after the retries: a retry the processor accepted at once ends here, not a tick later.
    await this.closeOrExhaust(fence, result);
    await this.suspendOrReinstate(fence, result);
    return result;
  }

  /**
   * The schedule is Redis; the facts are the record. An open case that the schedule does not have
   * (Redis flushed, or failed over without the data) is put back as its facts left it.
   */
  private async restore(open: Awaited<ReturnType<DunningFactStore['openCases']>>, fence: FenceCheck, result: DunningTickResult): Promise<void> {
    if (open.length === 0) return;
    const known = new Set((await this.schedule.cases(this.options.casesMax)).map((c) => c.invoiceId));
    for (const f of open) {
      if (known.has(f.invoiceId)) continue;
      await fence.assertHeld();
      if (await this.schedule.add(caseFromFacts(f))) result.restored += 1;
    }
  }

  private async record(facts: readonly DunningFact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.facts.write(facts);
    const messages = facts.map((f) => dunningMessage(f, formatAmount)).filter((m) => m !== null);
    if (messages.length > 0) await this.outbox.enqueue(messages, `dunning:${messages[0]!.id}:${messages.length}:${messages[messages.length - 1]!.id}`);
  }

  private async start(fence: FenceCheck, result: DunningTickResult): Promise<void> {
    const candidates = await this.facts.candidates(this.options.candidatesPerTickMax);
    for (const candidate of candidates) {
      await fence.assertHeld();
      const policy = this.policies.forCustomer(candidate.customerId);
      const fresh = startCase(candidate, policy, this.clock.nowMs(), amount);
      const added = await this.schedule.add(fresh.next);
      // One case per invoice. A case already there (added by a tick that died before its facts, or by
      // this tick for an earlier failure of the same invoice) keeps its own failure, times and
      // schedule: its facts are written again as they were, never rewritten from a later failure.
      const existing = added ? null : await this.schedule.get(candidate.invoiceId);
      const step = existing ? startCase(candidateOf(existing), policy, existing.startedAtMs, amount) : fresh;
      await this.record(step.facts);
      result.started += 1;
    }
  }

  private async closeOrExhaust(fence: FenceCheck, result: DunningTickResult): Promise<void> {
    const cases = await this.schedule.cases(this.options.casesMax);
    if (cases.length === 0) return;
    const balances = await this.facts.balances(cases.map((c) => c.invoiceId));
    const nowMs = this.clock.nowMs();
    for (const c of cases) {
      const balance = balances.get(c.invoiceId);
      if (!balance) continue;
      if (balance.amountDue.lte(0)) {
        await fence.assertHeld();
        const outcome = balance.status === 'paid' ? 'recovered' : 'cancelled';
        await this.record(close(c, outcome, nowMs, amount, balance.status).facts);
        await this.schedule.remove(c.invoiceId);
        result[outcome] += 1;
      } else if (isExhaustedAt(c, nowMs)) {
        await fence.assertHeld();
        const step = exhaust(c, nowMs, amount);
        await this.record(step.facts);
        await this.schedule.put(step.next);
        result.exhausted += 1;
      }
    }
  }

  private async retryDue(fence: FenceCheck, result: DunningTickResult): Promise<void> {
    const due = await this.schedule.due(this.clock.nowMs(), this.options.retriesPerTickMax);
    for (const invoiceId of due) {
      const c = await this.schedule.get(invoiceId);
      if (!c || c.state !== 'scheduled' || c.nextAttemptAtMs === null) continue;
      try {
        await this.retry(fence, c);
        result.retried += 1;
      } catch (error) {
        // A lost lease ends the tick: the new holder goes on. Anything else (a processor down) leaves
        // the case due, and the next tick retries it with the same idempotency key.
        if ((error as { reason?: string }).reason === 'lease_lost') throw error;
        this.logger.warn(`dunning retry of ${invoiceId} failed, the next tick tries again: ${(error as Error).message}`);
      }
    }
  }

  private async retry(fence: FenceCheck, c: DunningCase): Promise<void> {
    const attempt = c.attemptsMade + 1;
    await fence.assertHeld();
    const answer = await this.collector.collect(c.invoiceId, retryIdempotencyKey(c.invoiceId, attempt));
    // Nothing due any more (paid meanwhile): the close step ends the case.
    if (answer === null) return;
    const step = afterAttempt(c, answer.status, this.clock.nowMs(), amount);
    await this.record(step.facts);
    await this.schedule.put(step.next);
  }

  /** Suspension state is rebuilt from facts on every tick: nothing in Redis decides it. */
  private async suspendOrReinstate(fence: FenceCheck, result: DunningTickResult): Promise<void> {
    // Read again: this tick may have closed cases. Facts only, so the schedule never decides a suspension.
    const [cases, current] = await Promise.all([this.facts.openCases(this.options.casesMax), this.facts.suspensions()]);
    const open = new Map<string, OpenDunning>();
    for (const c of cases) {
      const o = open.get(c.customerId) ?? { customerId: c.customerId, invoices: [] };
      o.invoices.push({ invoiceId: c.invoiceId, graceEndsAtMs: c.graceEndsAtMs });
      open.set(c.customerId, o);
    }
    const decisions: SuspensionFact[] = suspensionDecisions([...open.values()], current, this.clock.nowMs());
    if (decisions.length === 0) return;
    await fence.assertHeld();
    await this.facts.writeSuspensions(decisions);
    const messages = decisions.map(suspensionMessage);
    await this.outbox.enqueue(messages, `suspensions:${messages[0]!.id}:${messages.length}:${messages[messages.length - 1]!.id}`);
    for (const d of decisions) result[d.action === 'suspend' ? 'suspended' : 'reinstated'] += 1;
  }
}

import Big from 'big.js';
import { afterAttempt, caseFromFacts, close, exhaust, EXHAUST_SETTLE_MS, isExhaustedAt, startCase } from './case';
import { dunningMessage, suspensionMessage } from './messages';
import { DEFAULT_POLICY } from './policy';
import { suspensionDecisions } from './suspension';

const amount = (s: string) => new Big(s);
const candidate = { invoiceId: 'in_1', customerId: 'c-1', currency: 'USD', amountDue: '19.92', failedAtMs: Date.parse('2026-11-03T09:40:00Z') };
const t = (iso: string) => Date.parse(iso);
const events = (facts: Array<{ event: string; attempt: number; state: string }>) => facts.map((f) => `${f.event}#${f.attempt}:${f.state}`);

describe('a dunning case', () => {
  const started = startCase(candidate, { ...DEFAULT_POLICY, retries: 2, windowDays: 3 }, t('2026-11-03T09:41:00Z'), amount);

  it('starts with its first retry scheduled', () => {
    expect(events(started.facts)).toEqual(['started#0:scheduled', 'retry_scheduled#1:scheduled']);
    expect(started.next).toMatchObject({ attemptsMade: 0, nextAttemptAtMs: t('2026-11-05T15:00:00Z'), graceEndsAtMs: t('2026-11-10T09:40:00Z') });
    expect(started.facts.map((f) => f.factId)).toEqual(['in_1:0000000:started', 'in_1:0000003:retry_scheduled']);
  });

  it('can be rebuilt from its facts alone (the schedule rides on the started fact)', () => {
    const first = afterAttempt(started.next, 'Refused', t('2026-11-05T15:00:01Z'), amount).next;
    const rebuilt = caseFromFacts({
      invoiceId: 'in_1',
      customerId: 'c-1',
      currency: 'USD',
      segment: 'default',
      amountDue: '19.92',
      failedAtMs: candidate.failedAtMs,
      startedAtMs: started.next.startedAtMs,
      graceEndsAtMs: started.next.graceEndsAtMs,
      scheduleJson: started.facts[0]!.detail,
      attemptsMade: 1,
      lastAttemptAtMs: t('2026-11-05T15:00:01Z'),
      nextAttemptAtMs: first.nextAttemptAtMs,
      state: 'scheduled',
    });
    expect(rebuilt).toEqual(first);
  });

  it('after a decline schedules the next retry, and after the last decline is exhausted', () => {
    const first = afterAttempt(started.next, 'requires_payment_method', t('2026-11-05T15:00:01Z'), amount);
    expect(events(first.facts)).toEqual(['retry_attempted#1:scheduled', 'retry_failed#1:scheduled', 'retry_scheduled#2:scheduled']);
    const last = afterAttempt(first.next, 'Refused', t('2026-11-06T21:00:01Z'), amount);
    expect(events(last.facts)).toEqual(['retry_attempted#2:exhausted', 'retry_failed#2:exhausted', 'exhausted#2:exhausted']);
    expect(last.next).toMatchObject({ state: 'exhausted', nextAttemptAtMs: null, attemptsMade: 2 });
    // Facts of one case sort by step, and so by id.
    const ids = [...started.facts, ...first.facts, ...last.facts].map((f) => f.factId);
    expect([...ids].sort()).toEqual(ids);
  });

  it('after an accepted attempt keeps a fallback retry without telling the customer, and closes on payment', () => {
    const accepted = afterAttempt(started.next, 'succeeded', t('2026-11-05T15:00:01Z'), amount);
    expect(events(accepted.facts)).toEqual(['retry_attempted#1:scheduled']);
    expect(accepted.next.nextAttemptAtMs).toBe(t('2026-11-06T21:00:00Z'));
    expect(accepted.facts.map((f) => dunningMessage(f, () => '19.92'))).toEqual([null]);
    const recovered = close(accepted.next, 'recovered', t('2026-11-05T15:01:00Z'), amount, 'paid');
    expect(events(recovered.facts)).toEqual(['recovered#0:recovered']);
    expect(JSON.parse(dunningMessage(recovered.facts[0]!, () => '19.92')!.payload)).toMatchObject({ event: 'recovered', invoiceId: 'in_1', amountDue: '19.92', nextAttemptAt: null });
  });

  it('is exhausted an hour after an accepted last retry whose payment never came', () => {
    const one = afterAttempt(startCase(candidate, { ...DEFAULT_POLICY, retries: 1, windowDays: 2 }, 0, amount).next, 'Authorised', t('2026-11-05T15:00:00Z'), amount);
    expect(isExhaustedAt(one.next, t('2026-11-05T15:00:00Z') + EXHAUST_SETTLE_MS - 1)).toBe(false);
    expect(isExhaustedAt(one.next, t('2026-11-05T15:00:00Z') + EXHAUST_SETTLE_MS)).toBe(true);
    expect(events(exhaust(one.next, 0, amount).facts)).toEqual(['exhausted#1:exhausted']);
  });
});

describe('suspensionDecisions', () => {
  const now = t('2026-11-10T12:00:00Z');
  it.each([
    ['suspends a customer owing past grace', [{ customerId: 'c-1', invoices: [{ invoiceId: 'in_2', graceEndsAtMs: now }, { invoiceId: 'in_1', graceEndsAtMs: now - 1 }] }], [], [['c-1:1', 'suspend', ['in_1', 'in_2']]]],
    ['waits within grace', [{ customerId: 'c-1', invoices: [{ invoiceId: 'in_1', graceEndsAtMs: now + 1 }] }], [], []],
    ['does not suspend twice', [{ customerId: 'c-1', invoices: [{ invoiceId: 'in_1', graceEndsAtMs: now - 1 }] }], [{ customerId: 'c-1', action: 'suspend' as const, seq: 1 }], []],
    ['reinstates a suspended customer owing nothing', [], [{ customerId: 'c-1', action: 'suspend' as const, seq: 1 }], [['c-1:2', 'reinstate', []]]],
    ['leaves a reinstated customer alone', [], [{ customerId: 'c-1', action: 'reinstate' as const, seq: 2 }], []],
    ['suspends again after a reinstatement', [{ customerId: 'c-1', invoices: [{ invoiceId: 'in_9', graceEndsAtMs: now }] }], [{ customerId: 'c-1', action: 'reinstate' as const, seq: 2 }], [['c-1:3', 'suspend', ['in_9']]]],
  ])('%s', (_name, open, current, expected) => {
    expect(suspensionDecisions(open, current, now).map((f) => [f.factId, f.action, f.invoiceIds])).toEqual(expected);
  });

  it('announces {customerId, action, reason, at} on marketplace.v1.suspensions', () => {
    const [f] = suspensionDecisions([], [{ customerId: 'c-1', action: 'suspend', seq: 4 }], now);
    expect(suspensionMessage(f!)).toEqual({
      id: 'suspension:c-1:5',
      subject: 'marketplace.v1.suspensions',
      payload: JSON.stringify({ customerId: 'c-1', action: 'reinstate', reason: 'overdue_invoices_paid', at: '2026-11-10T12:00:00.000Z' }),
    });
  });
});

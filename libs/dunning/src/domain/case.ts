import type Big from 'big.js';
import { MS_PER_HOUR } from '@hourglass/time';
import type { DunningPolicy } from './policy';
import { graceEndsAt, nextAttemptAt, retrySchedule } from './schedule';

/**
 * `scheduled`: a retry is due at nextAttemptAt (or the last one was made and its outcome is awaited);
 * `exhausted`: every retry was made and the invoice is still owed (a payment still recovers it);
 * `recovered`: the invoice was paid, by any route; `cancelled`: nothing is owed any more without a
 * payment (voided, or credited in full).
 */
export type DunningState = 'scheduled' | 'exhausted' | 'recovered' | 'cancelled';
export const OPEN_STATES: readonly DunningState[] = ['scheduled', 'exhausted'];

export type DunningEvent = 'started' | 'retry_scheduled' | 'retry_attempted' | 'retry_failed' | 'exhausted' | 'recovered' | 'cancelled';

/** After the last retry, how long its outcome (a webhook) is awaited before the case is exhausted. */
export const EXHAUST_SETTLE_MS = MS_PER_HOUR;

/** One invoice in dunning, as the schedule (Redis) keeps it. One case per invoice. */
export interface DunningCase {
  invoiceId: string;
  customerId: string;
  currency: string;
  segment: string;
  /** What was owed when dunning started, decimal string in major units: the "failed amount". */
  amountDue: string;
  failedAtMs: number;
  startedAtMs: number;
  graceEndsAtMs: number;
  schedule: number[];
  attemptsMade: number;
  lastAttemptAtMs: number | null;
  nextAttemptAtMs: number | null;
  state: DunningState;
}

/** An append-only fact about a case (ClickHouse `dunning_facts`); the queue and metrics derive from them. */
export interface DunningFact {
  /**
   * `<invoiceId>:<step, 7 digits>:<event>`: a retried write or a second replica writes the same id, and
   * ids sort in step order (the outbox publishes one write's messages by id).
   */
  factId: string;
  invoiceId: string;
  customerId: string;
  segment: string;
  currency: string;
  amount: Big;
  event: DunningEvent;
  /** The case's state after this fact. */
  state: DunningState;
  /** Orders the facts of one case: the latest by step is the case's state. */
  step: number;
  attempt: number;
  attemptsMax: number;
  nextAttemptAtMs: number | null;
  failedAtMs: number;
  startedAtMs: number;
  graceEndsAtMs: number;
  occurredAtMs: number;
  detail: string;
}

/** An invoice owed after a failed payment, not in dunning yet. */
export interface DunningCandidate {
  invoiceId: string;
  customerId: string;
  currency: string;
  amountDue: string;
  failedAtMs: number;
}

export interface CaseStep {
  next: DunningCase;
  facts: DunningFact[];
}

/** Steps are spaced so that each attempt's facts sort between the previous and the next attempt's. */
function stepOf(event: DunningEvent, attempt: number): number {
  switch (event) {
    case 'started':
      return 0;
    case 'retry_scheduled':
      return 10 * (attempt - 1) + 3;
    case 'retry_attempted':
      return 10 * attempt + 1;
    case 'retry_failed':
      return 10 * attempt + 2;
    case 'exhausted':
      return 10 * attempt + 5;
    case 'recovered':
    case 'cancelled':
      return 1_000_000;
  }
}

export function factOf(c: DunningCase, event: DunningEvent, attempt: number, occurredAtMs: number, amount: (s: string) => Big, detail = ''): DunningFact {
  return {
    factId: `${c.invoiceId}:${String(stepOf(event, attempt)).padStart(7, '0')}:${event}`,
    invoiceId: c.invoiceId,
    customerId: c.customerId,
    segment: c.segment,
    currency: c.currency,
    amount: amount(c.amountDue),
    event,
    state: c.state,
    step: stepOf(event, attempt),
    attempt,
    attemptsMax: c.schedule.length,
    nextAttemptAtMs: c.nextAttemptAtMs,
    failedAtMs: c.failedAtMs,
    startedAtMs: c.startedAtMs,
    graceEndsAtMs: c.graceEndsAtMs,
    occurredAtMs,
    detail,
  };
}

/** Money parsing is the caller's (big.js through @hourglass/money), so this file stays pure data. */
export type ParseAmount = (s: string) => Big;

export function startCase(candidate: DunningCandidate, policy: DunningPolicy, nowMs: number, amount: ParseAmount): CaseStep {
  const schedule = retrySchedule(candidate.failedAtMs, policy);
  const next: DunningCase = {
    ...candidate,
    segment: policy.segment,
    startedAtMs: nowMs,
    graceEndsAtMs: graceEndsAt(candidate.failedAtMs, policy),
    schedule,
    attemptsMade: 0,
    lastAttemptAtMs: null,
    nextAttemptAtMs: nextAttemptAt(schedule, 0, null),
    state: 'scheduled',
  };
  // The schedule rides on the started fact, so a case can be rebuilt from facts alone (caseFromFacts).
  return { next, facts: [factOf(next, 'started', 0, nowMs, amount, JSON.stringify(schedule)), factOf(next, 'retry_scheduled', 1, nowMs, amount)] };
}

/**
 * A processor's synchronous answer that says the payment did not go through (Stripe's PaymentIntent
 * status, Adyen's resultCode). Anything else is awaited: its webhook decides, and a payment ends the case.
 */
export function isDecline(status: string): boolean {
  return ['requires_payment_method', 'canceled', 'Refused', 'Error', 'Cancelled'].includes(status);
}

/** Retry `attemptsMade + 1` was made at `nowMs` and the processor answered `status`. */
export function afterAttempt(c: DunningCase, status: string, nowMs: number, amount: ParseAmount): CaseStep {
  const attempt = c.attemptsMade + 1;
  const declined = isDecline(status);
  const nextAt = nextAttemptAt(c.schedule, attempt, nowMs);
  const lastDeclined = declined && nextAt === null;
  const next: DunningCase = { ...c, attemptsMade: attempt, lastAttemptAtMs: nowMs, nextAttemptAtMs: nextAt, state: lastDeclined ? 'exhausted' : 'scheduled' };
  const facts = [factOf(next, 'retry_attempted', attempt, nowMs, amount, status)];
  // After an accepted attempt the next retry is only a fallback, should the payment not arrive: it is
  // in the schedule and on the retry_attempted fact, but the customer is not told of it.
  if (declined) facts.push(factOf(next, 'retry_failed', attempt, nowMs, amount, status));
  if (declined && nextAt !== null) facts.push(factOf(next, 'retry_scheduled', attempt + 1, nowMs, amount));
  if (lastDeclined) facts.push(factOf(next, 'exhausted', attempt, nowMs, amount));
  return { next, facts };
}

/** Every retry made, the last one's outcome awaited long enough, and still owed. */
export function isExhaustedAt(c: DunningCase, nowMs: number): boolean {
  return c.state === 'scheduled' && c.nextAttemptAtMs === null && c.lastAttemptAtMs !== null && nowMs >= c.lastAttemptAtMs + EXHAUST_SETTLE_MS;
}

export function exhaust(c: DunningCase, nowMs: number, amount: ParseAmount): CaseStep {
  const next: DunningCase = { ...c, state: 'exhausted', nextAttemptAtMs: null };
  return { next, facts: [factOf(next, 'exhausted', c.attemptsMade, nowMs, amount)] };
}

/** The invoice owes nothing any more: paid (recovered) or voided / credited (cancelled). */
export function close(c: DunningCase, outcome: 'recovered' | 'cancelled', nowMs: number, amount: ParseAmount, detail = ''): CaseStep {
  const next: DunningCase = { ...c, state: outcome, nextAttemptAtMs: null };
  return { next, facts: [factOf(next, outcome, 0, nowMs, amount, detail)] };
}

/** What the facts of an open case say, enough to put it back in a schedule that was lost. */
export interface CaseFacts {
  invoiceId: string;
  customerId: string;
  currency: string;
  segment: string;
  amountDue: string;
  failedAtMs: number;
  startedAtMs: number;
  graceEndsAtMs: number;
  /** The started fact's detail: the schedule as a JSON array of epoch ms. */
  scheduleJson: string;
  attemptsMade: number;
  lastAttemptAtMs: number | null;
  nextAttemptAtMs: number | null;
  state: DunningState;
}

/** The case as the schedule held it before it was lost (Redis flushed, failed over without the data). */
export function caseFromFacts(f: CaseFacts): DunningCase {
  const schedule = JSON.parse(f.scheduleJson) as unknown;
  if (!Array.isArray(schedule) || !schedule.every((x) => Number.isSafeInteger(x))) throw new Error(`dunning case ${f.invoiceId}: the started fact has no schedule`);
  const { scheduleJson: _json, ...rest } = f;
  return { ...rest, schedule: schedule as number[] };
}

/** The processor idempotency key of a retry: a repeated call (a crash, a second replica) is one payment. */
export function retryIdempotencyKey(invoiceId: string, attempt: number): string {
  return `hg-dunning-${invoiceId}-${attempt}`;
}

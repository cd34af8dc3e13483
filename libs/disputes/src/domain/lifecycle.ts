import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { rootCause, type RootCause } from './root-cause';

export type DisputeProvider = 'stripe' | 'adyen';
export type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

/**
 * Where a dispute is in the card schemes' flow. `inquiry`: Stripe's `warning_*` (no chargeback yet);
 * `chargeback`: the first chargeback; `reversed`: the chargeback was reversed (Adyen CHARGEBACK_REVERSED);
 * `second_chargeback` and `pre_arbitration`: the issuer came back after a reversal.
 */
export type DisputeStage = 'inquiry' | 'chargeback' | 'reversed' | 'second_chargeback' | 'pre_arbitration';

/** One row of payments' `dispute_facts`: what one processor event said about a dispute. */
export interface DisputeEvent {
  factId: string;
  disputeId: string;
  provider: DisputeProvider;
  eventType: string;
  status: DisputeStatus;
  pspStatus: string;
  funds: 'withdrawn' | 'reinstated' | '';
  reason: string;
  paymentRef: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  /** Major units. */
  amount: Big;
  dueByMs: number | null;
  occurredAtMs: number;
}

/** A dispute as derived from the set of its events (and our own evidence submissions). */
export interface Dispute {
  disputeId: string;
  provider: DisputeProvider;
  paymentRef: string;
  invoiceId: string;
  customerId: string;
  status: DisputeStatus;
  stage: DisputeStage;
  pspStatus: string;
  reason: string;
  rootCause: RootCause;
  currency: string;
  amount: Big;
  openedAtMs: number;
  dueByMs: number | null;
  /** When the final outcome (won or lost) was reported; null while open. */
  closedAtMs: number | null;
  lastEventAtMs: number;
  /** Σ of the distinct events that moved funds (a replay is one event). */
  withdrawn: Big;
  reinstated: Big;
  evidenceSubmittedAtMs: number | null;
  /** The distinct events in lifecycle order. */
  events: DisputeEvent[];
}

/** needs_response < under_review < a final outcome. */
const STATUS_RANK: Record<DisputeStatus, number> = { needs_response: 1, under_review: 2, won: 3, lost: 3 };

/**
 * Adyen's notifications name the stage; the issuer's second round (second chargeback, pre-arbitration)
 * comes only after a reversal, and a final outcome of the first round only after the chargeback.
 */
const ADYEN_STAGE: Record<string, { rank: number; stage: DisputeStage }> = {
  REQUEST_FOR_INFORMATION: { rank: 0, stage: 'inquiry' },
  NOTIFICATION_OF_CHARGEBACK: { rank: 1, stage: 'chargeback' },
  CHARGEBACK: { rank: 2, stage: 'chargeback' },
  CHARGEBACK_REVERSED: { rank: 3, stage: 'reversed' },
  SECOND_CHARGEBACK: { rank: 4, stage: 'second_chargeback' },
  PREARBITRATION_WON: { rank: 4, stage: 'pre_arbitration' },
  PREARBITRATION_LOST: { rank: 4, stage: 'pre_arbitration' },
};

/**
 * The position of an event in the lifecycle, independent of when it arrived. Stripe's dispute object
 * carries its whole status in every event, so the status orders them; Adyen's event code is the
 * stage, and within a stage the status orders. Ties (two events at one position) are broken by the
 * processor's time, then the fact id: a total order, so the result never depends on arrival.
 */
export function lifecycleRank(e: DisputeEvent): number {
  const stage = e.provider === 'adyen' ? (ADYEN_STAGE[e.eventType]?.rank ?? 1) : 0;
  return stage * 10 + STATUS_RANK[e.status];
}

function stageOf(e: DisputeEvent): DisputeStage {
  if (e.provider === 'adyen') return ADYEN_STAGE[e.eventType]?.stage ?? 'chargeback';
  return e.pspStatus.startsWith('warning_') ? 'inquiry' : 'chargeback';
}

export function compareEvents(a: DisputeEvent, b: DisputeEvent): number {
  return lifecycleRank(a) - lifecycleRank(b) || a.occurredAtMs - b.occurredAtMs || (a.factId < b.factId ? -1 : a.factId > b.factId ? 1 : 0);
}

export class EmptyDisputeError extends Error {}

/**
 * The dispute as a pure function of the *set* of its events: replays (same fact id) count once and
 * arrival order does not matter (`lifecycle.properties.spec.ts`). The status is that of the event
 * furthest along the lifecycle; evidence we submitted turns `needs_response` into `under_review`
 * until the processor says more (Adyen reports nothing between a defence and its outcome).
 */
export function disputeLifecycle(events: readonly DisputeEvent[], evidenceSubmittedAtMs: number | null = null): Dispute {
  const distinct = [...new Map(events.map((e) => [e.factId, e])).values()].sort(compareEvents);
  if (distinct.length === 0) throw new EmptyDisputeError('a dispute needs at least one event');
  const first = distinct[0]!;
  const last = distinct[distinct.length - 1]!;
  const firstNonEmpty = (pick: (e: DisputeEvent) => string) => distinct.map(pick).find((v) => v !== '') ?? '';
  // The latest deadline the processor named: a later stage (pre-arbitration) opens a new window.
  const dueByMs = [...distinct].reverse().find((e) => e.dueByMs !== null)?.dueByMs ?? null;
  const sumOf = (funds: DisputeEvent['funds']) => distinct.filter((e) => e.funds === funds).reduce<Big>((s, e) => s.plus(e.amount), new Dec(0));
  const reason = firstNonEmpty((e) => e.reason);
  const provider = first.provider;
  let status = last.status;
  if (status === 'needs_response' && evidenceSubmittedAtMs !== null) status = 'under_review';
  const final = status === 'won' || status === 'lost';
  return {
    disputeId: first.disputeId,
    provider,
    paymentRef: firstNonEmpty((e) => e.paymentRef),
    invoiceId: firstNonEmpty((e) => e.invoiceId),
    customerId: firstNonEmpty((e) => e.customerId),
    status,
    stage: stageOf(last),
    pspStatus: last.pspStatus,
    reason,
    rootCause: rootCause(provider, reason),
    currency: first.currency,
    // The amount disputed when it opened; later stages restate it (Adyen) or repeat it (Stripe).
    amount: (distinct.find((e) => e.amount.gt(0)) ?? first).amount,
    openedAtMs: Math.min(...distinct.map((e) => e.occurredAtMs)),
    dueByMs,
    closedAtMs: final ? last.occurredAtMs : null,
    lastEventAtMs: Math.max(...distinct.map((e) => e.occurredAtMs)),
    withdrawn: sumOf('withdrawn'),
    reinstated: sumOf('reinstated'),
    evidenceSubmittedAtMs,
    events: distinct,
  };
}

/** Groups events by dispute and derives each; `submissions` maps a dispute to its first evidence submission. */
export function disputesOf(events: readonly DisputeEvent[], submissions: ReadonlyMap<string, number> = new Map()): Dispute[] {
  const byId = new Map<string, DisputeEvent[]>();
  for (const e of events) byId.set(e.disputeId, [...(byId.get(e.disputeId) ?? []), e]);
  return [...byId.entries()].map(([id, es]) => disputeLifecycle(es, submissions.get(id) ?? null));
}

export type DeadlineBucket = 'overdue' | 'due_24h' | 'due_72h' | 'later' | 'none';

const HOUR_MS = 3_600_000;

/**
 * How close a dispute that still needs our response is to its deadline; anything past the response
 * stage, or without a deadline, is `none`. The 24 h and 72 h horizons are the alert thresholds.
 */
export function deadlineBucket(d: Pick<Dispute, 'status' | 'dueByMs'>, nowMs: number): DeadlineBucket {
  if (d.status !== 'needs_response' || d.dueByMs === null) return 'none';
  const leftMs = d.dueByMs - nowMs;
  if (leftMs < 0) return 'overdue';
  if (leftMs <= 24 * HOUR_MS) return 'due_24h';
  if (leftMs <= 72 * HOUR_MS) return 'due_72h';
  return 'later';
}

/** Open disputes first by deadline (soonest first, none last), then by id: the order of `GET /v1/disputes`. */
export function byDueBy(a: Dispute, b: Dispute): number {
  const da = a.dueByMs ?? Number.MAX_SAFE_INTEGER;
  const db = b.dueByMs ?? Number.MAX_SAFE_INTEGER;
  return da - db || (a.disputeId < b.disputeId ? -1 : a.disputeId > b.disputeId ? 1 : 0);
}

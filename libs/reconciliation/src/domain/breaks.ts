import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { DomainError } from '@hourglass/contracts';
import { Dec } from '@hourglass/money';
import { DAY_MS, type SeverityThresholds } from './rules';

/** CONTRACTS §9's break types. */
export const BREAK_TYPES = [
  'missing_in_psp',
  'missing_in_ledger',
  'amount_mismatch',
  'fee_mismatch',
  'currency_mismatch',
  'duplicate',
  'timing',
  'accuracy_metered_rated',
  'accuracy_rated_invoiced',
  'accuracy_shares',
] as const;
export type BreakType = (typeof BREAK_TYPES)[number];

export const BREAK_STATUSES = ['open', 'assigned', 'resolved', 'written_off'] as const;
export type BreakStatus = (typeof BREAK_STATUSES)[number];

export const AGE_BUCKETS = ['0-1d', '1-3d', '3-7d', '7-30d', '30d+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/**
 * A break as a run finds it. `amount` is its size (≥ 0) in `currency`; `direction` says whose side is
 * short: `short` when the money we expected is not where the processor or the ledger says it is
 * (a loss if written off), `over` when there is more than we expected.
 */
export interface Break {
  breakId: string;
  type: BreakType;
  period: string;
  provider: string;
  currency: string;
  amount: Big;
  deltaGpuMs: number;
  /** The date of the item the break is about; its age counts from here. */
  openedAtMs: number;
  refs: Record<string, unknown> & { direction?: 'short' | 'over' };
}

/** A break's id: from its type and the items it is about, so a rerun finds the same break. */
export function breakIdOf(type: BreakType, subject: string): string {
  return 'brk_' + createHash('sha256').update(`${type}\u0000${subject}`).digest('hex').slice(0, 24);
}

export function ageDays(openedAtMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - openedAtMs) / DAY_MS));
}

/** `0-1d` holds ages below one day, `1-3d` one day up to three, … `30d+` thirty days and more. */
export function ageBucket(ageMs: number): AgeBucket {
  const days = ageMs / DAY_MS;
  if (days < 1) return '0-1d';
  if (days < 3) return '1-3d';
  if (days < 7) return '3-7d';
  if (days < 30) return '7-30d';
  return '30d+';
}

/** The first level reached by the amount or by the age; accuracy breaks count GPU-hours as the amount. */
export function severityOf(b: Pick<Break, 'amount' | 'deltaGpuMs' | 'type'>, age: number, t: SeverityThresholds): Severity {
  const size = b.type.startsWith('accuracy_') ? new Dec(Math.abs(b.deltaGpuMs)).div(3_600_000) : b.amount.abs();
  for (const level of ['critical', 'high', 'medium'] as const) {
    if (size.gte(new Dec(t[level].amount)) || age >= t[level].ageDays) return level;
  }
  return 'low';
}

export type BreakAction = 'assign' | 'resolve' | 'write-off';

const TARGET: Record<BreakAction, BreakStatus> = { assign: 'assigned', resolve: 'resolved', 'write-off': 'written_off' };

export function statusRank(status: BreakStatus): number {
  return status === 'open' ? 0 : status === 'assigned' ? 1 : 2;
}

/** open → assigned → resolved | written_off; a terminal break moves no more. */
export function nextStatus(current: BreakStatus, action: BreakAction): BreakStatus {
  if (current === 'resolved' || current === 'written_off') {
    throw new DomainError('invalid_transition', `the break is ${current}: it cannot be ${action === 'write-off' ? 'written off' : action + 'ed'}`, { status: current });
  }
  return TARGET[action];
}

/** One lifecycle event (append-only). */
export interface BreakEvent {
  breakId: string;
  eventId: string;
  status: BreakStatus;
  actor: string;
  assignee: string;
  reason: string;
  atMs: number;
}

export function eventIdOf(breakId: string, action: string, key: string): string {
  return 'evt_' + createHash('sha256').update(`${breakId}\u0000${action}\u0000${key}`).digest('hex').slice(0, 24);
}

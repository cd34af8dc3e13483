import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { DomainError } from '@hourglass/contracts';
import type { HoldReason } from '../eligibility/eligibility';

export type PayoutStatus = 'scheduled' | 'held' | 'paid' | 'failed' | 'returned';
export const STATUS_UPDATES = ['paid', 'failed', 'returned'] as const;
export type StatusUpdate = (typeof STATUS_UPDATES)[number];

export interface PayoutItem {
  batchId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  status: PayoutStatus;
  holdReason: HoldReason | null;
  endToEndId: string;
  creditor: { name: string; iban: string; bic: string; country: string };
  createdAtMs: number;
}

export interface PayoutBatch {
  batchId: string;
  runKey: string;
  basis: string;
  createdAtMs: number;
  items: PayoutItem[];
}

/** One batch per run key (a period, or a weekly run's date): the rerun of a key finds its batch. */
export const batchIdOf = (runKey: string) => `pb_${runKey}`;

/** The payout's id in the ledger (`payout-paid:<payoutId>`) and in events. */
export const payoutIdOf = (item: Pick<PayoutItem, 'batchId' | 'operatorId' | 'currency'>) => `${item.batchId}:${item.operatorId}:${item.currency}`;

/**
 * pain.001 EndToEndId (Max35Text, travels with the transfer to the operator's bank and back in a
 * return): deterministic from the payout, so an export made twice names each transfer the same way.
 */
export function endToEndIdOf(payoutId: string): string {
  return `HG${createHash('sha256').update(payoutId).digest('hex').slice(0, 30).toUpperCase()}`;
}

/**
 * Which status may follow which: the bank confirms or fails a scheduled transfer, and may return a
 * paid one later. A held item was never sent; the same status again is a replay (accepted, no effect).
 */
const NEXT: Record<PayoutStatus, readonly PayoutStatus[]> = {
  scheduled: ['paid', 'failed'],
  paid: ['returned'],
  held: [],
  failed: [],
  returned: [],
};

export function checkTransition(from: PayoutStatus, to: StatusUpdate): 'apply' | 'replay' {
  if (from === to) return 'replay';
  if (NEXT[from].includes(to)) return 'apply';
  throw new DomainError('invalid_transition', `a ${from} payout cannot become ${to}`, { from, to });
}

/** Counted against what an operator is owed: money sent or on its way. */
export function countsAsPaid(status: PayoutStatus): boolean {
  return status === 'scheduled' || status === 'paid';
}

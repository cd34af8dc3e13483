import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import type { BankLine } from './bank-statements';
import { breakIdOf, type Break, type BreakType } from './breaks';
import type { Match, PeriodWindow } from './matching-engine';
import { DAY_MS } from './rules';

/** A payout item that was sent to the bank (created `scheduled` with a positive amount), with its current status. */
export interface SentPayoutItem {
  batchId: string;
  /** `<batchId>:<operatorId>:<currency>`, the ledger's payout id. */
  payoutId: string;
  operatorId: string;
  currency: string;
  amount: Big;
  endToEndId: string;
  status: 'scheduled' | 'paid' | 'failed' | 'returned';
  batchCreatedAtMs: number;
}

/** A transfer the bank is expected to book and has not yet, inside the window. */
export interface PayoutInFlight {
  batchId: string;
  currency: string;
  payoutIds: string[];
  amount: string;
  expectedByMs: number;
}

export interface PayoutMatchInput {
  period: PeriodWindow;
  nowMs: number;
  /** Items of batches created from the lookback before the period to its end. */
  items: readonly SentPayoutItem[];
  /** Bank entries booked from the lookback before the period to the lookback after it. */
  bankLines: readonly BankLine[];
  /** Days the bank has to book a batch (HOURGLASS_RECON_PAYOUT_WINDOW_DAYS). */
  windowDays: number;
}

export interface PayoutMatchResult {
  matches: Match[];
  breaks: Break[];
  inFlight: PayoutInFlight[];
}

const sum = (xs: readonly Big[]) => xs.reduce<Big>((a, b) => a.plus(b), new Dec(0));
const inPeriod = (ms: number, p: PeriodWindow) => ms >= p.startMs && ms < p.endMs;
const iso = (ms: number) => new Date(ms).toISOString();
const byKey = <T>(xs: readonly T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const matchIdOf = (ruleId: string, left: readonly string[], right: readonly string[]) =>
  'mt_' + createHash('sha256').update(`${ruleId}\u0000${[...left].sort().join(',')}\u0000${[...right].sort().join(',')}`).digest('hex').slice(0, 24);

/** The bank's counterparty name on payout breaks: they move no money at a PSP, so a write-off posts nothing. */
export const BANK_PROVIDER = 'bank';

/**
 * Payout batches ↔ the bank statement of the debtor account (pure, deterministic):
 * - a debit naming a batch's `PmtInfId` (`<batchId>-1`, or its `MsgId`) settles the batch's sent items
 *   in that currency (many-to-one, rule `payout-batch-debit`); a debit naming an `EndToEndId` settles
 *   that item (`payout-item-debit`); amounts must be equal (`amount_mismatch`), booked within the
 *   window (`timing`);
 * - a credit naming an item's `EndToEndId` is a returned transfer: matched (`payout-return`) when
 *   payouts already recorded the item `returned`, else `missing_in_ledger` (the ledger still counts the
 *   money as paid to the operator; recording the return resolves it at the next run);
 * - sent items the bank never booked, once the window has passed: `missing_in_psp` (the counterparty,
 *   here the bank, is missing the item); inside the window they are in flight;
 * - entries that name no batch or item: `missing_in_ledger`.
 * A failed item is not expected at the bank. A break belongs to the period of its bank entry, or of
 * its batch for one the bank never booked.
 */
export function reconcilePayouts(input: PayoutMatchInput): PayoutMatchResult {
  const { period, windowDays } = input;
  const matches: Match[] = [];
  const breaks: Break[] = [];
  const inFlight: PayoutInFlight[] = [];
  const open = (type: BreakType, subject: string, b: Omit<Break, 'breakId' | 'type' | 'period' | 'deltaGpuMs' | 'provider'>) =>
    breaks.push({ breakId: breakIdOf(type, subject), type, period: period.id, provider: BANK_PROVIDER, deltaGpuMs: 0, ...b });

  const expected = byKey(
    input.items.filter((i) => i.status !== 'failed'),
    (i) => i.payoutId,
  );
  const byEndToEnd = new Map(input.items.map((i) => [i.endToEndId, i]));
  const batchIds = new Set(input.items.map((i) => i.batchId));
  const batchOf = (paymentInfoId: string): string | null => {
    if (batchIds.has(paymentInfoId)) return paymentInfoId;
    const stem = paymentInfoId.replace(/-1$/, '');
    return paymentInfoId.endsWith('-1') && batchIds.has(stem) ? stem : null;
  };
  const covered = new Set<string>();

  for (const line of byKey(input.bankLines, (l) => l.lineId)) {
    const owned = inPeriod(line.bookedAtMs, period);
    const batchId = line.direction === 'debit' && line.paymentInfoId !== '' ? batchOf(line.paymentInfoId) : null;
    const item = line.endToEndId !== '' ? byEndToEnd.get(line.endToEndId) : undefined;
    const lagDays = (ms: number) => Math.round(((line.bookedAtMs - ms) / DAY_MS) * 100) / 100;

    if (batchId !== null || (line.direction === 'debit' && item)) {
      const items = batchId !== null ? expected.filter((i) => i.batchId === batchId && i.currency === line.currency) : expected.filter((i) => i === item);
      const ruleId = batchId !== null ? 'payout-batch-debit' : 'payout-item-debit';
      const subject = `${ruleId}:${line.lineId}`;
      const want = sum(items.map((i) => i.amount));
      const createdAtMs = items[0]?.batchCreatedAtMs ?? item?.batchCreatedAtMs ?? line.bookedAtMs;
      for (const i of items) covered.add(i.payoutId);
      const refs = { kind: ruleId === 'payout-batch-debit' ? 'payout_batch_debit' : 'payout_item_debit', bankLineId: line.lineId, batchId: batchId ?? item!.batchId, paymentInfoId: line.paymentInfoId, endToEndId: line.endToEndId, payoutIds: items.map((i) => i.payoutId) };
      if (!want.eq(line.amount) || items.length === 0) {
        if (owned)
          open('amount_mismatch', subject, {
            currency: line.currency,
            amount: want.minus(line.amount).abs(),
            openedAtMs: line.bookedAtMs,
            refs: { ...refs, direction: line.amount.gt(want) ? 'short' : 'over', expected: want.toString(), debited: line.amount.toString() },
          });
        continue;
      }
      matches.push({
        matchId: matchIdOf(ruleId, items.map((i) => i.payoutId), [line.lineId]),
        pair: 'payout_bank',
        ruleId,
        ruleKind: 'exact',
        cardinality: items.length === 1 ? '1:1' : 'N:1',
        leftIds: items.map((i) => i.payoutId),
        rightIds: [line.lineId],
        currency: line.currency,
        leftAmount: want,
        rightAmount: line.amount,
        difference: new Dec(0),
        evidence: { paymentInfoId: line.paymentInfoId, endToEndIds: items.map((i) => i.endToEndId), items: items.length, batchCreatedAt: iso(createdAtMs), bookedAt: iso(line.bookedAtMs), lagDays: lagDays(createdAtMs), windowDays },
      });
      if (lagDays(createdAtMs) > windowDays && owned)
        open('timing', subject, { currency: line.currency, amount: line.amount, openedAtMs: createdAtMs, refs: { ...refs, lagDays: lagDays(createdAtMs), windowDays } });
      continue;
    }

    if (line.direction === 'credit' && item) {
      const refs = { kind: 'payout_returned', bankLineId: line.lineId, batchId: item.batchId, payoutId: item.payoutId, operatorId: item.operatorId, endToEndId: item.endToEndId, returnReason: line.returnReason, itemStatus: item.status };
      if (item.status === 'returned') {
        matches.push({
          matchId: matchIdOf('payout-return', [item.payoutId], [line.lineId]),
          pair: 'payout_bank',
          ruleId: 'payout-return',
          ruleKind: 'exact',
          cardinality: '1:1',
          leftIds: [item.payoutId],
          rightIds: [line.lineId],
          currency: line.currency,
          leftAmount: item.amount,
          rightAmount: line.amount,
          difference: item.amount.minus(line.amount),
          evidence: { ...refs, bookedAt: iso(line.bookedAtMs) },
        });
      } else if (owned) {
        open('missing_in_ledger', `payout_returned:${line.lineId}`, { currency: line.currency, amount: line.amount, openedAtMs: line.bookedAtMs, refs: { ...refs, direction: 'over' } });
      }
      continue;
    }

    if (owned)
      open('missing_in_ledger', `bank_entry:${line.lineId}`, {
        currency: line.currency,
        amount: line.amount,
        openedAtMs: line.bookedAtMs,
        refs: { kind: line.direction === 'debit' ? 'bank_debit' : 'bank_credit', direction: line.direction === 'debit' ? 'short' : 'over', bankLineId: line.lineId, paymentInfoId: line.paymentInfoId, endToEndId: line.endToEndId },
      });
  }

  // Sent items the bank has not booked: in flight inside the window, then a break per batch and
  // currency (every item unbooked) or per item (the bank booked the others one by one).
  const groups = new Map<string, SentPayoutItem[]>();
  for (const i of expected) {
    const k = `${i.batchId}\u0000${i.currency}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  for (const [k, all] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [batchId, currency] = k.split('\u0000') as [string, string];
    const missing = all.filter((i) => !covered.has(i.payoutId));
    const createdAtMs = all[0]!.batchCreatedAtMs;
    if (missing.length === 0 || !inPeriod(createdAtMs, period)) continue;
    const expectedByMs = createdAtMs + windowDays * DAY_MS;
    if (input.nowMs < expectedByMs) {
      inFlight.push({ batchId, currency, payoutIds: missing.map((i) => i.payoutId), amount: sum(missing.map((i) => i.amount)).toString(), expectedByMs });
      continue;
    }
    const whole = missing.length === all.length;
    for (const part of whole ? [missing] : missing.map((i) => [i])) {
      open('missing_in_psp', whole ? `payout_batch:${batchId}:${currency}` : `payout_item:${part[0]!.payoutId}`, {
        currency,
        amount: sum(part.map((i) => i.amount)),
        openedAtMs: createdAtMs,
        refs: { kind: whole ? 'payout_batch' : 'payout_item', counterparty: 'bank', batchId, payoutIds: part.map((i) => i.payoutId), endToEndIds: part.map((i) => i.endToEndId), windowDays, expectedBy: iso(expectedByMs) },
      });
    }
  }
  return { matches, breaks, inFlight };
}

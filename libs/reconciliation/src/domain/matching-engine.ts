import { createHash } from 'node:crypto';
import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { breakIdOf, type Break, type BreakType } from './breaks';
import { DAY_MS, expectedFee, feeScheduleFor, sortedRules, withinTolerance, type MatchRule, type ReconConfig } from './rules';
import type { LineCategory } from './settlement-reports';

/** A settlement line as the engine reads it. */
export interface SettlementItem {
  lineId: string;
  provider: string;
  category: LineCategory;
  paymentRef: string;
  merchantRef: string;
  currency: string;
  gross: Big;
  fee: Big;
  net: Big;
  createdAtMs: number;
  payoutId: string;
}

/** A captured payment (payments' `payment_facts_resolved`, kind `captured`) at a processor. */
export interface PaymentItem {
  paymentId: string;
  provider: string;
  paymentRef: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: Big;
  occurredAtMs: number;
}

/** An invoice with the payments applied to it (captured and recorded). */
export interface InvoicePayments {
  invoiceId: string;
  customerId: string;
  currency: string;
  owed: Big;
  paid: Big;
  refunded: Big;
  payments: Array<{ paymentId: string; provider: string; paymentRef: string; amount: Big; occurredAtMs: number }>;
}

export type Pair = 'settlement_payment' | 'payment_invoice' | 'payout_settlement' | 'payout_bank' | 'ledger_psp_balance';

export interface Match {
  matchId: string;
  pair: Pair;
  ruleId: string;
  ruleKind: MatchRule['kind'];
  cardinality: '1:1' | '1:N' | 'N:1';
  leftIds: string[];
  rightIds: string[];
  currency: string;
  leftAmount: Big;
  rightAmount: Big;
  difference: Big;
  evidence: Record<string, unknown>;
}

export interface InFlight {
  paymentId: string;
  provider: string;
  amount: string;
  currency: string;
  expectedByMs: number;
}

export interface PeriodWindow {
  id: string;
  startMs: number;
  endMs: number;
}

export interface EngineInput {
  period: PeriodWindow;
  nowMs: number;
  /** Lines booked from `lookbackDays` before the period to now. */
  lines: readonly SettlementItem[];
  /** Captures from `lookbackDays` before the period to its end. */
  payments: readonly PaymentItem[];
  /** Invoices with two or more payments, or overpaid. */
  invoices: readonly InvoicePayments[];
  config: ReconConfig;
  /** Per PSP payout of the period (its lines booked in the period). */
  payouts?: readonly PayoutTotal[];
}

/** One PSP payout: its lines, what the processor paid out, and what the lines should net by contract. */
export interface PayoutTotal {
  provider: string;
  payoutId: string;
  currency: string;
  /** Lines other than the payout's own line. */
  lines: number;
  /** The payout line's amount (Adyen MerchantPayout), else the sum of the lines' net. */
  paidOut: Big;
  /** Σ over the lines: a charge with a fee schedule at gross − contracted fee, any other line at net. */
  expectedNet: Big;
}

/** The payout totals of lines booked in a period: the oracle of the SQL in recon.sql.ts. */
export function payoutTotalsOf(lines: readonly SettlementItem[], schedules: ReconConfig['feeSchedules'], period: PeriodWindow): PayoutTotal[] {
  const groups = new Map<string, SettlementItem[]>();
  for (const l of lines) {
    if (l.payoutId === '' || !inPeriod(l.createdAtMs, period)) continue;
    const k = `${l.provider}\u0000${l.payoutId}\u0000${l.currency}`;
    const g = groups.get(k);
    if (g) g.push(l);
    else groups.set(k, [l]);
  }
  return [...groups].map(([k, g]) => {
    const [provider, payoutId, currency] = k.split('\u0000') as [string, string, string];
    const items = g.filter((l) => l.category !== 'payout');
    const payoutLines = g.filter((l) => l.category === 'payout');
    const expectedNet = sum(
      items.map((l) => {
        const schedule = l.category === 'charge' ? feeScheduleFor(schedules, l.provider, l.currency) : null;
        return schedule ? l.gross.minus(expectedFee(schedule, l.gross, l.currency)) : l.net;
      }),
    );
    return { provider, payoutId, currency, lines: items.length, paidOut: payoutLines.length ? sum(payoutLines.map((l) => l.net)).times(-1) : sum(items.map((l) => l.net)), expectedNet };
  });
}

export interface EngineResult {
  matches: Match[];
  breaks: Break[];
  inFlight: InFlight[];
  payouts: Array<{ provider: string; payoutId: string; currency: string; lines: number; net: string; expectedNet: string; difference: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const matchIdOf = (ruleId: string, left: readonly string[], right: readonly string[]) =>
  'mt_' + createHash('sha256').update(`${ruleId}\u0000${[...left].sort().join(',')}\u0000${[...right].sort().join(',')}`).digest('hex').slice(0, 24);
const sum = (xs: readonly Big[]) => xs.reduce<Big>((a, b) => a.plus(b), new Dec(0));
const inPeriod = (ms: number, p: PeriodWindow) => ms >= p.startMs && ms < p.endMs;

/**
 * The matching engine: pure, deterministic, the same answer for the same facts in any order.
 * Pairs: settlement lines ↔ payments (one-to-one, one-to-many), payments ↔ invoices (many-to-one),
 * and each PSP payout ↔ what its charges should have netted after the contracted fees (many-to-one).
 * A break belongs to the period of the item it is about, so a rerun of another period never opens it.
 */
export function reconcile(input: EngineInput): EngineResult {
  const { period, config } = input;
  const rules = sortedRules(config.rules);
  const matches: Match[] = [];
  const breaks: Break[] = [];
  const inFlight: InFlight[] = [];
  const sorted = <T>(xs: readonly T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  const open = (type: BreakType, subject: string, b: Omit<Break, 'breakId' | 'type' | 'period' | 'deltaGpuMs'>) =>
    breaks.push({ breakId: breakIdOf(type, subject), type, period: period.id, deltaGpuMs: 0, ...b });

  const charges = sorted(
    input.lines.filter((l) => l.category === 'charge'),
    (l) => l.lineId,
  );
  const linesByKey = new Map<string, SettlementItem[]>();
  for (const l of charges) {
    if (l.paymentRef === '') continue;
    const k = `${l.provider}\u0000${l.paymentRef}`;
    const list = linesByKey.get(k);
    if (list) list.push(l);
    else linesByKey.set(k, [l]);
  }
  const consumed = new Set<string>();

  const checkFee = (l: SettlementItem, owned: boolean) => {
    const schedule = feeScheduleFor(config.feeSchedules, l.provider, l.currency);
    if (!schedule) return;
    const expected = expectedFee(schedule, l.gross, l.currency);
    const diff = l.fee.minus(expected);
    if (owned && diff.abs().gt(new Dec(schedule.tolerance))) {
      open('fee_mismatch', l.lineId, {
        provider: l.provider,
        currency: l.currency,
        amount: diff.abs(),
        openedAtMs: l.createdAtMs,
        refs: { direction: diff.gt(0) ? 'short' : 'over', settlementLineId: l.lineId, paymentRef: l.paymentRef, fee: l.fee.toString(), expectedFee: expected.toString(), schedule },
      });
    }
  };

  const payments = sorted(input.payments, (p) => p.paymentId);
  const unmatchedPayments: PaymentItem[] = [];
  for (const p of payments) {
    const owned = inPeriod(p.occurredAtMs, period);
    const key = `${p.provider}\u0000${p.paymentRef}`;
    const lines = (linesByKey.get(key) ?? []).filter((l) => !consumed.has(l.lineId));
    if (lines.length === 0) {
      unmatchedPayments.push(p);
      continue;
    }
    const subject = `${p.provider}:${p.paymentRef}`;
    const sameCurrency = lines.filter((l) => l.currency === p.currency);
    if (sameCurrency.length === 0) {
      for (const l of lines) consumed.add(l.lineId);
      if (owned)
        open('currency_mismatch', subject, {
          provider: p.provider,
          currency: p.currency,
          amount: p.amount,
          openedAtMs: p.occurredAtMs,
          refs: { direction: 'short', paymentId: p.paymentId, paymentRef: p.paymentRef, invoiceId: p.invoiceId, settlementLineIds: lines.map((l) => l.lineId), settlementCurrencies: [...new Set(lines.map((l) => l.currency))] },
        });
      continue;
    }
    const gross = sum(sameCurrency.map((l) => l.gross));
    const lagDays = (Math.max(...sameCurrency.map((l) => l.createdAtMs)) - p.occurredAtMs) / DAY_MS;
    let matched: MatchRule | null = null;
    let late: MatchRule | null = null;
    for (const rule of rules) {
      if (rule.kind === 'date_lag') continue;
      const accepts = rule.kind === 'exact' ? gross.eq(p.amount) : withinTolerance(rule, p.amount, gross);
      if (!accepts) continue;
      if (lagDays > rule.maxLagDays) {
        late ??= rule;
        continue;
      }
      matched = rule;
      break;
    }
    if (matched || late) {
      const rule = (matched ?? late)!;
      for (const l of sameCurrency) consumed.add(l.lineId);
      for (const l of sameCurrency) checkFee(l, owned);
      matches.push({
        matchId: matchIdOf(rule.id, [p.paymentId], sameCurrency.map((l) => l.lineId)),
        pair: 'settlement_payment',
        ruleId: rule.id,
        ruleKind: rule.kind,
        cardinality: sameCurrency.length === 1 ? '1:1' : '1:N',
        leftIds: [p.paymentId],
        rightIds: sameCurrency.map((l) => l.lineId),
        currency: p.currency,
        leftAmount: p.amount,
        rightAmount: gross,
        difference: p.amount.minus(gross),
        evidence: { key: { provider: p.provider, paymentRef: p.paymentRef }, paymentAmount: p.amount.toString(), settledGross: gross.toString(), lagDays: Math.round(lagDays * 100) / 100, capturedAt: iso(p.occurredAtMs), settledAt: sameCurrency.map((l) => iso(l.createdAtMs)) },
      });
      if (!matched && owned)
        open('timing', subject, {
          provider: p.provider,
          currency: p.currency,
          amount: p.amount,
          openedAtMs: p.occurredAtMs,
          refs: { direction: 'short', paymentId: p.paymentId, paymentRef: p.paymentRef, invoiceId: p.invoiceId, settlementLineIds: sameCurrency.map((l) => l.lineId), lagDays: Math.round(lagDays * 100) / 100, maxLagDays: (rule as { maxLagDays?: number }).maxLagDays ?? 0 },
        });
      continue;
    }
    // The same charge settled more than once: each line is the whole payment.
    const whole = sameCurrency.filter((l) => l.gross.eq(p.amount));
    if (sameCurrency.length >= 2 && whole.length === sameCurrency.length) {
      const [first, ...extra] = sorted(whole, (l) => `${String(l.createdAtMs).padStart(15, '0')}${l.lineId}`);
      for (const l of sameCurrency) consumed.add(l.lineId);
      checkFee(first!, owned);
      const rule = rules.find((r) => r.kind === 'exact');
      matches.push({
        matchId: matchIdOf(rule?.id ?? 'exact', [p.paymentId], [first!.lineId]),
        pair: 'settlement_payment',
        ruleId: rule?.id ?? 'exact',
        ruleKind: 'exact',
        cardinality: '1:1',
        leftIds: [p.paymentId],
        rightIds: [first!.lineId],
        currency: p.currency,
        leftAmount: p.amount,
        rightAmount: first!.gross,
        difference: new Dec(0),
        evidence: { key: { provider: p.provider, paymentRef: p.paymentRef }, duplicates: extra.map((l) => l.lineId) },
      });
      if (owned)
        open('duplicate', `settlement:${subject}`, {
          provider: p.provider,
          currency: p.currency,
          amount: sum(extra.map((l) => l.gross)),
          openedAtMs: Math.min(...extra.map((l) => l.createdAtMs)),
          refs: { direction: 'over', kind: 'settlement_line', paymentId: p.paymentId, paymentRef: p.paymentRef, invoiceId: p.invoiceId, settlementLineIds: extra.map((l) => l.lineId), matchedLineId: first!.lineId },
        });
      continue;
    }
    for (const l of sameCurrency) consumed.add(l.lineId);
    if (owned)
      open('amount_mismatch', subject, {
        provider: p.provider,
        currency: p.currency,
        amount: p.amount.minus(gross).abs(),
        openedAtMs: p.occurredAtMs,
        refs: { direction: p.amount.gt(gross) ? 'short' : 'over', paymentId: p.paymentId, paymentRef: p.paymentRef, invoiceId: p.invoiceId, paymentAmount: p.amount.toString(), settledGross: gross.toString(), settlementLineIds: sameCurrency.map((l) => l.lineId) },
      });
  }

  // Date-lag: a payment with no line under its reference, and a line with no payment, for the same
  // invoice, currency and amount, within N days.
  const dateLag = rules.filter((r): r is Extract<MatchRule, { kind: 'date_lag' }> => r.kind === 'date_lag');
  const loose = charges.filter((l) => !consumed.has(l.lineId));
  const paymentKeys = new Set(payments.map((q) => `${q.provider}\u0000${q.paymentRef}`));
  for (const p of unmatchedPayments) {
    let found: { rule: Extract<MatchRule, { kind: 'date_lag' }>; line: SettlementItem } | null = null;
    for (const rule of dateLag) {
      const line = loose.find(
        (l) =>
          !consumed.has(l.lineId) &&
          l.provider === p.provider &&
          l.merchantRef !== '' &&
          l.merchantRef === p.invoiceId &&
          l.currency === p.currency &&
          l.gross.eq(p.amount) &&
          Math.abs(l.createdAtMs - p.occurredAtMs) <= rule.withinDays * DAY_MS &&
          !(l.paymentRef !== '' && paymentKeys.has(`${l.provider}\u0000${l.paymentRef}`)),
      );
      if (line) {
        found = { rule, line };
        break;
      }
    }
    const owned = inPeriod(p.occurredAtMs, period);
    if (found) {
      consumed.add(found.line.lineId);
      checkFee(found.line, owned);
      matches.push({
        matchId: matchIdOf(found.rule.id, [p.paymentId], [found.line.lineId]),
        pair: 'settlement_payment',
        ruleId: found.rule.id,
        ruleKind: 'date_lag',
        cardinality: '1:1',
        leftIds: [p.paymentId],
        rightIds: [found.line.lineId],
        currency: p.currency,
        leftAmount: p.amount,
        rightAmount: found.line.gross,
        difference: new Dec(0),
        evidence: { invoiceId: p.invoiceId, paymentRef: p.paymentRef, lineRef: found.line.paymentRef, lagDays: Math.round(((found.line.createdAtMs - p.occurredAtMs) / DAY_MS) * 100) / 100, withinDays: found.rule.withinDays },
      });
      continue;
    }
    if (!owned) continue;
    const windowDays = config.settlementWindowDays[p.provider] ?? 2;
    const expectedByMs = p.occurredAtMs + windowDays * DAY_MS;
    if (input.nowMs < expectedByMs) {
      inFlight.push({ paymentId: p.paymentId, provider: p.provider, amount: p.amount.toString(), currency: p.currency, expectedByMs });
      continue;
    }
    open('missing_in_psp', p.paymentId, {
      provider: p.provider,
      currency: p.currency,
      amount: p.amount,
      openedAtMs: p.occurredAtMs,
      refs: { direction: 'short', paymentId: p.paymentId, paymentRef: p.paymentRef, invoiceId: p.invoiceId, customerId: p.customerId, settlementWindowDays: windowDays },
    });
  }
  for (const l of charges) {
    if (consumed.has(l.lineId) || !inPeriod(l.createdAtMs, period)) continue;
    checkFee(l, true);
    open('missing_in_ledger', l.lineId, {
      provider: l.provider,
      currency: l.currency,
      amount: l.gross.abs(),
      openedAtMs: l.createdAtMs,
      refs: { direction: 'over', settlementLineId: l.lineId, paymentRef: l.paymentRef, merchantRef: l.merchantRef, payoutId: l.payoutId },
    });
  }

  // Payments ↔ invoices: an invoice paid by two payments that each cover it is a duplicate payment.
  for (const inv of sorted(input.invoices, (i) => i.invoiceId)) {
    const payments = sorted(inv.payments, (p) => `${String(p.occurredAtMs).padStart(15, '0')}${p.paymentId}`);
    const paidNet = inv.paid.minus(inv.refunded);
    if (payments.length > 0 && paidNet.eq(inv.owed)) {
      matches.push({
        matchId: matchIdOf('invoice-settled', payments.map((p) => p.paymentId), [inv.invoiceId]),
        pair: 'payment_invoice',
        ruleId: 'invoice-settled',
        ruleKind: 'exact',
        cardinality: payments.length === 1 ? '1:1' : 'N:1',
        leftIds: payments.map((p) => p.paymentId),
        rightIds: [inv.invoiceId],
        currency: inv.currency,
        leftAmount: paidNet,
        rightAmount: inv.owed,
        difference: new Dec(0),
        evidence: { paid: inv.paid.toString(), refunded: inv.refunded.toString(), owed: inv.owed.toString() },
      });
      continue;
    }
    const covering = payments.filter((p) => p.amount.gte(inv.owed) && inv.owed.gt(0));
    if (covering.length >= 2 && paidNet.gt(inv.owed)) {
      const second = covering[1]!;
      if (!inPeriod(second.occurredAtMs, period)) continue;
      open('duplicate', `invoice:${inv.invoiceId}`, {
        provider: second.provider,
        currency: inv.currency,
        amount: paidNet.minus(inv.owed),
        openedAtMs: second.occurredAtMs,
        refs: { direction: 'over', kind: 'invoice_paid_twice', invoiceId: inv.invoiceId, customerId: inv.customerId, paymentIds: covering.map((p) => p.paymentId), paymentRefs: covering.map((p) => p.paymentRef), owed: inv.owed.toString(), paid: inv.paid.toString() },
      });
    }
  }

  // PSP payouts (many-to-one): what the payout's lines should net after the contracted fees, against
  // what the processor paid out (totals from ClickHouse, as payoutTotalsOf computes them).
  const payouts: EngineResult['payouts'] = [];
  for (const t of sorted(input.payouts ?? [], (x) => `${x.provider}\u0000${x.payoutId}\u0000${x.currency}`)) {
    const difference = t.expectedNet.minus(t.paidOut);
    payouts.push({ provider: t.provider, payoutId: t.payoutId, currency: t.currency, lines: t.lines, net: t.paidOut.toString(), expectedNet: t.expectedNet.toString(), difference: difference.toString() });
    if (!difference.eq(0) || t.lines === 0) continue;
    matches.push({
      matchId: matchIdOf('payout-netting', [], [`${t.provider}:${t.payoutId}:${t.currency}`]),
      pair: 'payout_settlement',
      ruleId: 'payout-netting',
      ruleKind: 'exact',
      cardinality: t.lines === 1 ? '1:1' : 'N:1',
      leftIds: [],
      rightIds: [`${t.provider}:${t.payoutId}`],
      currency: t.currency,
      leftAmount: t.expectedNet,
      rightAmount: t.paidOut,
      difference,
      evidence: { lines: t.lines, expectedNet: t.expectedNet.toString(), paidOut: t.paidOut.toString(), rule: 'charges at gross minus the contracted fee, other lines at net' },
    });
  }

  return { matches, breaks, inFlight, payouts };
}

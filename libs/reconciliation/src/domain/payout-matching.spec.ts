import { Dec } from '@hourglass/money';
import { parseBankStatement, type BankLine } from './bank-statements';
import { reconcilePayouts, type SentPayoutItem } from './payout-matching';
import { pspBalanceChecks } from './psp-balances';
import { runIsDue, scheduledPeriods } from './schedule';
import { DAY_MS } from './rules';

const NOV = { id: '2026-11', startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };
const at = (day: number, hour = 0) => Date.UTC(2026, 10, day, hour);

const item = (op: string, amount: string, extra: Partial<SentPayoutItem> = {}): SentPayoutItem => ({
  batchId: 'pb_2026-10',
  payoutId: `pb_2026-10:${op}:EUR`,
  operatorId: op,
  currency: 'EUR',
  amount: new Dec(amount),
  endToEndId: `E2E-${op}`,
  status: 'paid',
  batchCreatedAtMs: at(2, 9),
  ...extra,
});
const entry = (ref: string, direction: 'debit' | 'credit', amount: string, day: number, extra: Partial<BankLine> = {}): BankLine => ({
  lineId: `bank:DE02120300000000202051:${ref}`,
  account: 'DE02120300000000202051',
  entryRef: ref,
  lineNo: 2,
  direction,
  amount: new Dec(amount),
  currency: 'EUR',
  bookedAtMs: at(day),
  paymentInfoId: '',
  endToEndId: '',
  returnReason: '',
  raw: {},
  ...extra,
});
const ITEMS = [item('op-a', '191.25'), item('op-b', '76.50')];
const run = (items: SentPayoutItem[], bankLines: BankLine[], nowMs = at(20)) => reconcilePayouts({ period: NOV, nowMs, items, bankLines, windowDays: 3 });
const summary = (r: ReturnType<typeof run>) => r.breaks.map((b) => [b.type, (b.refs as { kind?: string }).kind, b.amount.toFixed(2)]);

describe('payout batches ↔ bank statement', () => {
  it('matches one batch debit naming the PmtInfId to all the batch items (many-to-one), with rule and evidence', () => {
    const r = run(ITEMS, [entry('E1', 'debit', '267.75', 3, { paymentInfoId: 'pb_2026-10-1' })]);
    expect(r.breaks).toEqual([]);
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]).toMatchObject({ pair: 'payout_bank', ruleId: 'payout-batch-debit', cardinality: 'N:1', leftIds: ['pb_2026-10:op-a:EUR', 'pb_2026-10:op-b:EUR'], rightIds: ['bank:DE02120300000000202051:E1'] });
    expect(r.matches[0]!.evidence).toMatchObject({ items: 2, endToEndIds: ['E2E-op-a', 'E2E-op-b'], windowDays: 3 });
  });

  it('matches debits booked per transfer by EndToEndId (one-to-one)', () => {
    const r = run(ITEMS, [entry('E1', 'debit', '191.25', 3, { endToEndId: 'E2E-op-a' }), entry('E2', 'debit', '76.50', 3, { endToEndId: 'E2E-op-b' })]);
    expect([r.breaks, r.matches.map((m) => [m.ruleId, m.cardinality])]).toEqual([[], [['payout-item-debit', '1:1'], ['payout-item-debit', '1:1']]]);
  });

  it('finds a returned transfer the ledger still counts as paid (missing_in_ledger), and matches it once payouts recorded the return', () => {
    const lines = [entry('E1', 'debit', '267.75', 3, { paymentInfoId: 'pb_2026-10-1' }), entry('R1', 'credit', '76.50', 6, { endToEndId: 'E2E-op-b', returnReason: 'AC04' })];
    const found = run(ITEMS, lines);
    expect(summary(found)).toEqual([['missing_in_ledger', 'payout_returned', '76.50']]);
    expect(found.breaks[0]).toMatchObject({ provider: 'bank', openedAtMs: at(6), refs: { payoutId: 'pb_2026-10:op-b:EUR', returnReason: 'AC04', itemStatus: 'paid', direction: 'over' } });
    const recorded = run([ITEMS[0]!, item('op-b', '76.50', { status: 'returned' })], lines);
    expect([recorded.breaks, recorded.matches.map((m) => m.ruleId).sort()]).toEqual([[], ['payout-batch-debit', 'payout-return']]);
  });

  it('keeps a batch the bank has not booked in flight inside the window, then opens missing_in_psp for it', () => {
    expect(run(ITEMS, [], at(4)).inFlight).toEqual([{ batchId: 'pb_2026-10', currency: 'EUR', payoutIds: ['pb_2026-10:op-a:EUR', 'pb_2026-10:op-b:EUR'], amount: '267.75', expectedByMs: at(2, 9) + 3 * DAY_MS }]);
    expect(run(ITEMS, [], at(4)).breaks).toEqual([]);
    const late = run(ITEMS, []);
    expect(summary(late)).toEqual([['missing_in_psp', 'payout_batch', '267.75']]);
    expect(late.breaks[0]!.openedAtMs).toBe(at(2, 9));
    // One transfer booked on its own: only the other is missing.
    expect(summary(run(ITEMS, [entry('E1', 'debit', '191.25', 3, { endToEndId: 'E2E-op-a' })]))).toEqual([['missing_in_psp', 'payout_item', '76.50']]);
    // A failed transfer is not expected at the bank.
    expect(run([ITEMS[0]!, item('op-b', '76.50', { status: 'failed' })], [entry('E1', 'debit', '191.25', 3, { paymentInfoId: 'pb_2026-10-1' })]).breaks).toEqual([]);
  });

  it('opens amount_mismatch for a debit that differs from the batch, timing for one booked after the window, missing_in_ledger for entries that name nothing', () => {
    expect(summary(run(ITEMS, [entry('E1', 'debit', '267.70', 3, { paymentInfoId: 'pb_2026-10-1' })]))).toEqual([['amount_mismatch', 'payout_batch_debit', '0.05']]);
    const late = run(ITEMS, [entry('E1', 'debit', '267.75', 9, { paymentInfoId: 'pb_2026-10-1' })]);
    expect([summary(late), late.matches.length]).toEqual([[['timing', 'payout_batch_debit', '267.75']], 1]);
    const stray = run(ITEMS, [entry('E1', 'debit', '267.75', 3, { paymentInfoId: 'pb_2026-10-1' }), entry('X1', 'debit', '10.00', 4), entry('X2', 'credit', '5.00', 4, { endToEndId: 'nobody' })]);
    expect(summary(stray)).toEqual([['missing_in_ledger', 'bank_debit', '10.00'], ['missing_in_ledger', 'bank_credit', '5.00']]);
  });

  it('is the same for the same facts in any order, and leaves entries of another period to that period', () => {
    const lines = [entry('E1', 'debit', '267.75', 3, { paymentInfoId: 'pb_2026-10-1' }), entry('R1', 'credit', '76.50', 6, { endToEndId: 'E2E-op-b' }), entry('X1', 'debit', '1.00', 4)];
    expect(run([...ITEMS].reverse(), [...lines].reverse())).toEqual(run(ITEMS, lines));
    const october = reconcilePayouts({ period: { id: '2026-10', startMs: Date.UTC(2026, 9, 1), endMs: NOV.startMs }, nowMs: at(20), items: ITEMS, bankLines: lines, windowDays: 3 });
    expect(october.breaks).toEqual([]);
  });
});

describe('bank statement (camt.053-lite CSV)', () => {
  const HEADER = 'entry_ref,account_iban,booking_date,credit_debit,amount,currency,payment_info_id,end_to_end_id,return_reason';
  it('reads debits and credits with ids from the account and the bank reference', () => {
    const s = parseBankStatement([HEADER, 'E1,DE02 1203 0000 0000 2020 51,2026-11-03,DBIT,267.75,eur,pb_2026-10-1,,', 'R1,DE02120300000000202051,2026-11-06,CRDT,76.50,EUR,,E2E-op-b,AC04'].join('\n'));
    expect(s.lines.map((l) => [l.lineId, l.direction, l.amount.toFixed(2), l.currency, l.bookedAtMs, l.paymentInfoId, l.endToEndId, l.returnReason])).toEqual([
      ['bank:DE02120300000000202051:E1', 'debit', '267.75', 'EUR', at(3), 'pb_2026-10-1', '', ''],
      ['bank:DE02120300000000202051:R1', 'credit', '76.50', 'EUR', at(6), '', 'E2E-op-b', 'AC04'],
    ]);
    expect(parseBankStatement([HEADER, 'E1,DE02120300000000202051,2026-11-03,DBIT,267.75,EUR,,,'].join('\n')).importId).toMatch(/^bimp_[0-9a-f]{32}$/);
  });

  it.each([
    ['E1,DE02120300000000202051,2026-11-03,DEBIT,1.00,EUR,,,', 'line 2, column credit_debit: "DEBIT" is not DBIT or CRDT'],
    ['E1,DE02120300000000202051,2026-11-03,DBIT,-1.00,EUR,,,', 'line 2, column amount: the amount is positive; credit_debit gives the direction'],
    ['E1,DE02120300000000202051,2026-02-30,DBIT,1.00,EUR,,,', 'line 2, column booking_date: "2026-02-30" is not a date (YYYY-MM-DD, UTC)'],
    ['E1,DE02120300000000202051,2026-11-03,DBIT,one,EUR,,,', 'line 2, column amount: "one" is not a decimal amount'],
    [',DE02120300000000202051,2026-11-03,DBIT,1.00,EUR,,,', 'line 2, column entry_ref: an entry reference is required'],
  ])('refuses %s whole: %s', (row, message) => {
    expect(() => parseBankStatement([HEADER, row].join('\n'))).toThrow(message);
  });

  it('refuses a statement without a required column, and an entry twice', () => {
    expect(() => parseBankStatement('entry_ref,amount\nE1,1.00')).toThrow('line 1, column account_iban: the column account_iban is missing from the header');
    const row = 'E1,DE02120300000000202051,2026-11-03,DBIT,1.00,EUR,,,';
    expect(() => parseBankStatement([HEADER, row, row].join('\n'))).toThrow('line 3, column entry_ref: entry E1 appears twice');
  });
});

describe('ledger balances ↔ PSP balances', () => {
  const row = { provider: 'stripe', currency: 'USD', ledgerCash: new Dec('97.10'), ledgerFees: new Dec('2.90'), reportNet: new Dec('97.10'), reportFees: new Dec('2.90'), lines: 1 };
  it('matches equal balances and opens amount_mismatch (psp_balance, no direction: a write-off posts nothing) for a difference', () => {
    const equal = pspBalanceChecks(NOV, NOV.endMs, [row]);
    expect([equal.breaks, equal.matches.map((m) => [m.pair, m.ruleId, m.leftIds[0]])]).toEqual([[], [['ledger_psp_balance', 'ledger-psp-balance', 'ledger:cash:stripe-payouts:USD'], ['ledger_psp_balance', 'ledger-psp-balance', 'ledger:psp_fees:stripe:USD']]]);
    const behind = pspBalanceChecks(NOV, NOV.endMs, [{ ...row, ledgerCash: new Dec('80.00') }]);
    expect(behind.breaks.map((b) => [b.type, b.amount.toFixed(2), b.refs.kind, b.refs.account, b.refs.direction])).toEqual([['amount_mismatch', '17.10', 'psp_balance', 'cash:stripe-payouts', undefined]]);
    expect(behind.breaks[0]!.openedAtMs).toBe(NOV.endMs);
  });
});

describe('the scheduled run', () => {
  it('reconciles the previous and the running period, one interval after the last run; 0 turns it off', () => {
    expect(scheduledPeriods(Date.UTC(2026, 0, 15))).toEqual(['2025-12', '2026-01']);
    expect([runIsDue(0, 3_599_999, 3_600_000), runIsDue(0, 3_600_000, 3_600_000), runIsDue(0, 1e12, 0)]).toEqual([false, true, false]);
  });
});

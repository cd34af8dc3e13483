import fc from 'fast-check';
import { Dec } from '@hourglass/money';
import { ageBucket, nextStatus, severityOf } from './breaks';
import { payoutTotalsOf, reconcile, type EngineInput, type InvoicePayments, type PaymentItem, type SettlementItem } from './matching-engine';
import { DAY_MS, DEFAULT_RECON_CONFIG } from './rules';

const OCT = { id: '2026-10', startMs: Date.UTC(2026, 9, 1), endMs: Date.UTC(2026, 10, 1) };
const at = (day: number, hour = 10) => Date.UTC(2026, 9, day, hour);

const pay = (ref: string, amount: string, day: number, extra: Partial<PaymentItem> = {}): PaymentItem => ({
  paymentId: `stripe:captured:${ref}`,
  provider: 'stripe',
  paymentRef: ref,
  invoiceId: `in_${ref}`,
  customerId: 'c-1',
  currency: 'USD',
  amount: new Dec(amount),
  occurredAtMs: at(day),
  ...extra,
});
/** A charge line with Stripe's contracted USD fee (2.9 % + 0.30) unless told otherwise. */
const line = (id: string, ref: string, gross: string, day: number, extra: Partial<SettlementItem> = {}): SettlementItem => {
  const g = new Dec(gross);
  const fee = extra.fee ?? g.times('0.029').plus('0.30').round(2, 1);
  return { lineId: `stripe:${id}`, provider: 'stripe', category: 'charge', paymentRef: ref, merchantRef: '', currency: 'USD', gross: g, fee, net: g.minus(fee), createdAtMs: at(day, 12), payoutId: 'po_1', ...extra };
};

const run = (over: Partial<EngineInput>) => reconcile({ period: OCT, nowMs: at(31), lines: [], payments: [], invoices: [], config: DEFAULT_RECON_CONFIG, ...over });
const types = (r: ReturnType<typeof run>) => r.breaks.map((b) => b.type).sort();

describe('matching engine', () => {
  it('matches one payment to one line by reference and amount (exact), and records the rule and evidence', () => {
    const lines = [line('t1', 'pi_1', '100.00', 3)];
    const r = run({ payments: [pay('pi_1', '100.00', 2)], lines, payouts: payoutTotalsOf(lines, DEFAULT_RECON_CONFIG.feeSchedules, OCT) });
    expect(r.breaks).toEqual([]);
    expect(r.matches.find((m) => m.pair === 'settlement_payment')).toMatchObject({ ruleId: 'exact-ref-amount', ruleKind: 'exact', cardinality: '1:1', leftIds: ['stripe:captured:pi_1'], rightIds: ['stripe:t1'] });
    expect(r.matches.find((m) => m.pair === 'settlement_payment')!.evidence).toMatchObject({ paymentAmount: '100', settledGross: '100', lagDays: 1.08 });
    // The payout nets exactly what the contract says: a many-to-one match.
    expect(r.matches.find((m) => m.pair === 'payout_settlement')).toMatchObject({ ruleId: 'payout-netting', cardinality: '1:1', rightIds: ['stripe:po_1'] });
    const dear = [line('t1', 'pi_1', '100.00', 3, { fee: new Dec('3.70') })];
    expect(run({ payments: [pay('pi_1', '100.00', 2)], lines: dear, payouts: payoutTotalsOf(dear, DEFAULT_RECON_CONFIG.feeSchedules, OCT) }).payouts).toEqual([
      { provider: 'stripe', payoutId: 'po_1', currency: 'USD', lines: 1, net: '96.3', expectedNet: '96.8', difference: '0.5' },
    ]);
  });

  it('matches one payment to several lines (1:N), and within a tolerance', () => {
    const r = run({
      payments: [pay('pi_1', '100.00', 2), pay('pi_2', '50.00', 2)],
      lines: [line('t1', 'pi_1', '60.00', 3), line('t2', 'pi_1', '40.00', 3), line('t3', 'pi_2', '49.99', 3)],
    });
    expect(r.breaks).toEqual([]);
    expect(r.matches.filter((m) => m.pair === 'settlement_payment').map((m) => [m.ruleId, m.cardinality, m.difference.toString()])).toEqual([
      ['exact-ref-amount', '1:N', '0'],
      ['tolerance-1-cent', '1:1', '0.01'],
    ]);
  });

  it('finds a fee that differs from the contract, a line for no payment, a capture never settled, a charge settled twice', () => {
    const r = run({
      payments: [pay('pi_fee', '100.00', 2), pay('pi_gone', '30.00', 3), pay('pi_dup', '20.00', 4)],
      lines: [line('t1', 'pi_fee', '100.00', 3, { fee: new Dec('3.50') }), line('t2', 'pi_nobody', '12.00', 5), line('t3', 'pi_dup', '20.00', 5), line('t4', 'pi_dup', '20.00', 6)],
    });
    expect(types(r)).toEqual(['duplicate', 'fee_mismatch', 'missing_in_ledger', 'missing_in_psp']);
    const by = (t: string) => r.breaks.find((b) => b.type === t)!;
    expect([by('fee_mismatch').amount.toString(), by('fee_mismatch').refs]).toMatchObject(['0.3', { direction: 'short', expectedFee: '3.2', fee: '3.5' }]);
    expect([by('missing_in_ledger').amount.toString(), by('missing_in_ledger').openedAtMs]).toEqual(['12', at(5, 12)]);
    expect([by('missing_in_psp').amount.toString(), by('missing_in_psp').openedAtMs]).toEqual(['30', at(3)]);
    expect(by('duplicate').refs).toMatchObject({ kind: 'settlement_line', settlementLineIds: ['stripe:t4'], matchedLineId: 'stripe:t3' });
  });

  it('leaves a capture inside its processor window in flight, not a break, until the window passes', () => {
    const p = pay('pi_new', '10.00', 30);
    expect(run({ payments: [p], nowMs: at(31) })).toMatchObject({ breaks: [], inFlight: [{ paymentId: p.paymentId, expectedByMs: at(30) + 2 * DAY_MS }] });
    expect(types(run({ payments: [p], nowMs: at(30) + 2 * DAY_MS }))).toEqual(['missing_in_psp']);
  });

  it('matches by invoice, amount and date within N days when the line has no known reference (date-lag)', () => {
    const r = run({ payments: [pay('pi_1', '10.00', 2)], lines: [line('t1', '', '10.00', 4, { merchantRef: 'in_pi_1' })] });
    expect(r.breaks).toEqual([]);
    expect(r.matches.find((m) => m.pair === 'settlement_payment')).toMatchObject({ ruleKind: 'date_lag', ruleId: 'invoice-amount-3-days' });
    expect(types(run({ payments: [pay('pi_1', '10.00', 2)], lines: [line('t1', '', '10.00', 9, { merchantRef: 'in_pi_1' })] }))).toEqual(['missing_in_ledger', 'missing_in_psp']);
  });

  it('tells amount, currency and timing mismatches apart', () => {
    const r = run({
      payments: [pay('pi_a', '10.00', 1), pay('pi_c', '10.00', 1), pay('pi_t', '10.00', 1, { occurredAtMs: Date.UTC(2026, 9, 1) })],
      lines: [line('ta', 'pi_a', '9.00', 2), line('tc', 'pi_c', '10.00', 2, { currency: 'EUR' }), line('tt', 'pi_t', '10.00', 1, { createdAtMs: Date.UTC(2026, 10, 5) })],
      nowMs: Date.UTC(2026, 10, 6),
    });
    expect(types(r)).toEqual(['amount_mismatch', 'currency_mismatch', 'timing']);
  });

  it('finds an invoice paid twice, and matches an invoice paid once', () => {
    const inv = (id: string, paid: string, payments: InvoicePayments['payments']): InvoicePayments => ({ invoiceId: id, customerId: 'c-1', currency: 'USD', owed: new Dec('10'), paid: new Dec(paid), refunded: new Dec(0), payments });
    const p = (id: string, day: number) => ({ paymentId: id, provider: 'stripe', paymentRef: id, amount: new Dec('10'), occurredAtMs: at(day) });
    const r = run({ invoices: [inv('in_twice', '20', [p('a', 2), p('b', 5)]), inv('in_once', '10', [p('c', 2)])] });
    expect(r.breaks.map((b) => [b.type, b.amount.toString(), b.openedAtMs, b.refs.kind])).toEqual([['duplicate', '10', at(5), 'invoice_paid_twice']]);
    expect(r.matches.map((m) => [m.pair, m.rightIds])).toEqual([['payment_invoice', ['in_once']]]);
  });

  it('answers the same for the same facts in any order, and breaks only for items of its period', () => {
    const payments = [pay('p1', '10.00', 2), pay('p2', '30.00', 3), pay('p3', '20.00', 4), pay('old', '5.00', 1, { occurredAtMs: Date.UTC(2026, 8, 20) })];
    const lines = [line('t1', 'p1', '10.00', 3, { fee: new Dec('1') }), line('t2', 'px', '12.00', 5), line('t3', 'p3', '20.00', 5), line('t4', 'p3', '20.00', 6)];
    const ids = (r: ReturnType<typeof run>) => [r.matches.map((m) => m.matchId).sort(), r.breaks.map((b) => b.breakId).sort()];
    const expected = ids(run({ payments, lines }));
    expect(run({ payments, lines }).breaks.some((b) => b.refs.paymentId === 'stripe:captured:old')).toBe(false);
    fc.assert(
      fc.property(fc.shuffledSubarray(payments, { minLength: payments.length }), fc.shuffledSubarray(lines, { minLength: lines.length }), (ps, ls) => {
        expect(ids(run({ payments: ps, lines: ls }))).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe('breaks', () => {
  it('buckets ages, grades severity by amount or age, and moves open → assigned → resolved | written_off only', () => {
    expect([0, 1, 2.9, 3, 6.99, 7, 29, 30, 400].map((d) => ageBucket(d * DAY_MS))).toEqual(['0-1d', '1-3d', '1-3d', '3-7d', '3-7d', '7-30d', '7-30d', '30d+', '30d+']);
    const t = DEFAULT_RECON_CONFIG.severity;
    const b = (amount: string, type = 'fee_mismatch' as const) => ({ amount: new Dec(amount), deltaGpuMs: 0, type });
    expect([severityOf(b('5'), 0, t), severityOf(b('5'), 3, t), severityOf(b('150'), 0, t), severityOf(b('5'), 45, t)]).toEqual(['low', 'medium', 'high', 'critical']);
    expect(severityOf({ amount: new Dec(0), deltaGpuMs: 3_600_000, type: 'accuracy_metered_rated' }, 0, t)).toBe('low');
    expect(nextStatus('open', 'assign')).toBe('assigned');
    expect(nextStatus('assigned', 'write-off')).toBe('written_off');
    expect(() => nextStatus('resolved', 'assign')).toThrow(/resolved/);
  });
});

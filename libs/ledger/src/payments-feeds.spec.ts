import fc from 'fast-check';
import { dec } from '@hourglass/money';
import { customerCreditMoved } from './domain/templates';
import { refundDeltas, routeOf } from './payments-feeds';
import type { RefundFact } from './ports';

const refund = (factId: string, cents: number, postedBeforeCents = 0, key = 'ch_1'): RefundFact => ({
  factId,
  provider: 'stripe',
  customerId: 'c-9',
  currency: 'USD',
  cumulativeKey: key,
  cumulativeAmount: dec(String(cents)).div(100),
  postedBefore: dec(String(postedBeforeCents)).div(100),
  occurredAtMs: 0,
});

describe('payments feeds', () => {
  it('posts what each cumulative refund adds, whatever the order of the page', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 100_000 }), (amounts, postedBefore) => {
        const page = amounts.map((a) => refund(`r:${a}`, a, postedBefore));
        const total = [...refundDeltas(page).values()].reduce((s, d) => s.plus(d), dec('0'));
        const largest = Math.max(...amounts, postedBefore);
        // Posted before + this page = the largest cumulative amount; nothing is ever negative.
        expect(total.plus(dec(String(postedBefore)).div(100)).eq(dec(String(largest)).div(100))).toBe(true);
        for (const d of refundDeltas(page).values()) expect(d.gte(0)).toBe(true);
      }),
    );
  });

  it('keeps cumulative keys apart', () => {
    const deltas = refundDeltas([refund('a', 300, 0, 'ch_a'), refund('b', 200, 100, 'ch_b')]);
    expect(deltas.get('a')!.toFixed(2)).toBe('3.00');
    expect(deltas.get('b')!.toFixed(2)).toBe('1.00');
  });

  it('routes a recorded bank transfer to cash and a PSP to its clearing account', () => {
    expect(routeOf('manual')).toEqual({ bankAccountId: 'bank_transfers' });
    expect(routeOf('stripe')).toEqual({ psp: 'stripe' });
  });

  it('moves an overpayment into customer credit and back', () => {
    const into = customerCreditMoved({ factId: 'credit:i:0->5', customerId: 'c-9', currency: 'USD', amount: dec('5'), movedAtMs: 0, causedBy: 'x' });
    const back = customerCreditMoved({ factId: 'credit:i:5->0', customerId: 'c-9', currency: 'USD', amount: dec('-5'), movedAtMs: 0, causedBy: 'x' });
    expect(into.txnId).toBe('customer-credit:credit:i:0->5');
    expect(into.postings.map((p) => [p.account, p.side])).toEqual([
      ['receivable:c-9', 'debit'],
      ['customer_credit:c-9', 'credit'],
    ]);
    expect(back.postings.map((p) => [p.account, p.side])).toEqual([
      ['receivable:c-9', 'credit'],
      ['customer_credit:c-9', 'debit'],
    ]);
  });
});

import fc from 'fast-check';
import { dec, fromMinor } from '@hourglass/money';
import type { PaymentFact } from './facts';
import { invoiceAmounts, paymentTotals } from './invoice-balance';

const CURRENCIES = ['USD', 'JPY', 'BHD'] as const;

/** Facts of one invoice: captures, bank transfers, and cumulative refunds of a few charges. */
function factsArb(currency: string) {
  const capture = fc.record({ n: fc.integer({ min: 1, max: 50 }), minor: fc.integer({ min: 1, max: 10_000_000 }), kind: fc.constantFrom('captured', 'recorded', 'failed') });
  const refund = fc.record({ charge: fc.integer({ min: 1, max: 3 }), minor: fc.integer({ min: 0, max: 10_000_000 }) });
  return fc.tuple(fc.array(capture, { maxLength: 6 }), fc.array(refund, { maxLength: 6 })).map(([caps, refs]) => {
    const facts: PaymentFact[] = [];
    for (const c of caps) {
      // One id, one content (ids come from processor references): the id carries the amount.
      facts.push(fact(`${c.kind}:${c.n}:${c.minor}`, c.kind as PaymentFact['kind'], fromMinor(BigInt(c.minor), currency), '', currency));
    }
    for (const r of refs) {
      facts.push(fact(`refunded:${r.charge}:${r.minor}`, 'refunded', fromMinor(BigInt(r.minor), currency), `ch_${r.charge}`, currency));
    }
    return facts;
  });
}

function fact(factId: string, kind: PaymentFact['kind'], amount: ReturnType<typeof dec>, cumulativeKey: string, currency: string): PaymentFact {
  return { factId, kind, provider: 'stripe', invoiceId: 'in_1', customerId: 'c-1', currency, amount, cumulativeKey, paymentRef: 'pi_1', pspReference: '', occurredAtMs: 0, source: '' };
}

const shuffled = <T>(xs: readonly T[]) => fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });

describe('payment totals', () => {
  it('do not depend on the order facts arrive in, nor on replays', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES).chain((c) => factsArb(c).chain((facts) => fc.tuple(fc.constant(facts), shuffled(facts), fc.array(fc.nat(), { maxLength: 5 })))),
        ([facts, reordered, replayIdx]) => {
          const replays = facts.length ? replayIdx.map((i) => facts[i % facts.length]!) : [];
          const a = paymentTotals(facts);
          const b = paymentTotals([...replays, ...reordered, ...replays]);
          expect(b.paid.eq(a.paid)).toBe(true);
          expect(b.refunded.eq(a.refunded)).toBe(true);
        },
      ),
    );
  });

  it('count a cumulative refund at its largest value and independent refunds in full', () => {
    const t = paymentTotals([
      fact('a', 'refunded', dec('3'), 'ch_1', 'USD'),
      fact('b', 'refunded', dec('1'), 'ch_1', 'USD'),
      fact('c', 'refunded', dec('2'), 'adyen:1', 'USD'),
      fact('d', 'refunded', dec('2.5'), 'adyen:2', 'USD'),
      fact('e', 'failed', dec('100'), '', 'USD'),
    ]);
    expect([t.paid.toFixed(), t.refunded.toFixed()]).toEqual(['0', '7.5']);
  });
});

describe('invoice amounts', () => {
  const totals = (paid: string, refunded: string) => ({ paid: dec(paid), refunded: dec(refunded) });
  it.each([
    // status, total, credit notes, paid, refunded → status, due, overpaid
    ['finalized', '100', '0', '0', '0', 'finalized', '100', '0'],
    ['finalized', '100', '0', '40', '0', 'finalized', '60', '0'],
    ['finalized', '100', '10', '90', '0', 'paid', '0', '0'],
    ['finalized', '100', '0', '120', '0', 'paid', '0', '20'],
    ['finalized', '100', '0', '100', '30', 'finalized', '30', '0'],
    ['uncollectible', '100', '0', '100', '0', 'paid', '0', '0'],
    ['void', '100', '100', '0', '0', 'void', '0', '0'],
    ['void', '100', '100', '25', '0', 'void', '0', '25'],
    ['paid', '100', '0', '0', '0', 'paid', '0', '0'],
    ['finalized', '0', '0', '0', '0', 'finalized', '0', '0'],
  ])('%s total %s credited %s paid %s refunded %s → %s, due %s, overpaid %s', (status, total, credited, paid, refunded, wantStatus, due, over) => {
    const a = invoiceAmounts({ status, total: dec(total), creditNotes: dec(credited) }, totals(paid, refunded));
    expect([a.status, a.amountDue.toFixed(), a.overpaid.toFixed()]).toEqual([wantStatus, due, over]);
  });

  it('never owes and overpays at once, and due − overpaid = owed − paid + refunded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (owedMinor, paidMinor, refundedMinor) => {
        const a = invoiceAmounts({ status: 'finalized', total: fromMinor(BigInt(owedMinor), 'BHD'), creditNotes: dec('0') }, { paid: fromMinor(BigInt(paidMinor), 'BHD'), refunded: fromMinor(BigInt(refundedMinor), 'BHD') });
        expect(a.amountDue.gt(0) && a.overpaid.gt(0)).toBe(false);
        expect(a.amountDue.minus(a.overpaid).eq(a.owed.minus(a.amountPaid).plus(a.amountRefunded))).toBe(true);
      }),
    );
  });
});

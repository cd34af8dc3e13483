import fc from 'fast-check';
import { fromMinor, splitShare } from '@hourglass/money';
import { accountTotals, signedBalance } from '../balances';
import { assertBalanced, reverse, totals, type LedgerTransaction } from '../transaction';
import {
  creditApplied,
  creditNoteIssued,
  disputeLost,
  disputeOpened,
  disputeWon,
  invoiceFinalized,
  invoiceVoided,
  paymentCaptured,
  payoutPaid,
  pspSettlement,
  refundIssued,
  reserveHeld,
  reserveReleased,
} from '.';

// One currency per ISO exponent the contracts name: JPY 0, USD 2, BHD 3.
const currency = fc.constantFrom('JPY', 'USD', 'BHD');
const minor = fc.bigInt({ min: 0n, max: 10n ** 15n });
const feeRate = fc.integer({ min: 0, max: 10_000 }).map((bp) => (bp / 10_000).toFixed(4).replace(/\.?0+$/, '') || '0');
const party = fc.constantFrom('a', 'b', 'c');

/** An amount in `cur`'s minor units and a smaller one, both ≥ 0. */
const pair = (cur: string) => fc.tuple(minor, minor).map(([x, y]) => (x < y ? [fromMinor(x, cur), fromMinor(y, cur)] : [fromMinor(y, cur), fromMinor(x, cur)]));

/** Every template, fed random amounts in a random currency. */
const anyTransaction: fc.Arbitrary<LedgerTransaction> = currency.chain((cur) =>
  fc.oneof(
    fc
      .array(fc.tuple(minor, feeRate, party, fc.constantFrom('usage' as const, 'reserved' as const, 'adjustment' as const)), { minLength: 1, maxLength: 8 })
      .map((lines) =>
        invoiceFinalized({
          invoiceId: 'in',
          customerId: 'c',
          currency: cur,
          eventId: 'e',
          finalizedAtMs: 0,
          lines: lines.map(([m, rate, op, kind], i) => {
            const amount = fromMinor(m, cur);
            return { lineId: `l${i}`, kind, operatorId: op, amount, ...splitShare(amount, rate, cur) };
          }),
        }),
      ),
    fc.tuple(minor, fc.boolean()).map(([m, grant]) =>
      creditApplied({ lineId: 'l', invoiceId: 'in', customerId: 'c', currency: cur, amount: fromMinor(m, cur), source: grant ? { grantId: 'g' } : { customerBalance: true }, appliedAtMs: 0 }),
    ),
    pair(cur).map(([paid, amount]) => creditNoteIssued({ creditNoteId: 'cn', invoiceId: 'in', customerId: 'c', currency: cur, amount: amount!, paidPortion: paid!, issuedAtMs: 0 })),
    minor.map((m) => invoiceVoided({ invoiceId: 'in', customerId: 'c', currency: cur, eventId: 'e', voidedAtMs: 0, uncredited: fromMinor(m, cur) })),
    fc.tuple(minor, minor, fc.boolean()).map(([m, due, psp]) =>
      paymentCaptured({
        paymentId: 'p',
        invoiceId: 'in',
        customerId: 'c',
        currency: cur,
        amount: fromMinor(m, cur),
        amountDue: fromMinor(due, cur),
        route: psp ? { psp: 'stripe' } : { bankAccountId: 'b' },
        capturedAtMs: 0,
        causedBy: 'x',
      }),
    ),
    fc.tuple(minor, fc.boolean()).map(([m, credit]) =>
      refundIssued({ refundId: 'r', customerId: 'c', currency: cur, amount: fromMinor(m, cur), route: { psp: 'adyen' }, against: credit ? 'customer_credit' : 'receivable', refundedAtMs: 0, causedBy: 'x' }),
    ),
    pair(cur).map(([fee, gross]) => pspSettlement({ settlementId: 's', provider: 'stripe', bankAccountId: 'b', currency: cur, gross: gross!, fee: fee!, settledAtMs: 0, causedBy: 'x' })),
    fc.tuple(minor, minor).map(([m, fee]) => disputeOpened({ disputeId: 'd', provider: 'stripe', currency: cur, amount: fromMinor(m, cur), fee: fromMinor(fee, cur), atMs: 0, causedBy: 'x' })),
    minor.map((m) => disputeWon({ disputeId: 'd', provider: 'stripe', currency: cur, amount: fromMinor(m, cur), atMs: 0, causedBy: 'x' })),
    pair(cur).map(([clawed, amount]) =>
      disputeLost({ disputeId: 'd', provider: 'stripe', currency: cur, amount: amount!, clawbacks: [{ operatorId: 'a', amount: clawed! }], atMs: 0, causedBy: 'x' }),
    ),
    minor.map((m) => payoutPaid({ payoutId: 'p', operatorId: 'a', currency: cur, amount: fromMinor(m, cur), bankAccountId: 'b', paidAtMs: 0, causedBy: 'x' })),
    fc.tuple(minor, fc.boolean()).map(([m, held]) =>
      (held ? reserveHeld : reserveReleased)({ reserveId: 'r', operatorId: 'a', currency: cur, amount: fromMinor(m, cur), atMs: 0, causedBy: 'x' }),
    ),
  ),
);

describe('ledger laws', () => {
  it('every template balances: debits equal credits in each currency, every posting positive', () => {
    fc.assert(
      fc.property(anyTransaction, (txn) => {
        assertBalanced(txn);
        for (const [, t] of totals(txn.postings)) expect(t.debits.eq(t.credits)).toBe(true);
        for (const p of txn.postings) expect(p.amount.gt(0)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a transaction and its reversal leave every balance at zero', () => {
    fc.assert(
      fc.property(anyTransaction, (txn) => {
        const reversal = reverse(txn, `correction:${txn.txnId}`, 1);
        expect(reversal.txnId).toBe(`reversal-of:${txn.txnId}`);
        for (const t of accountTotals([...txn.postings, ...reversal.postings])) expect(signedBalance(t).eq(0)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a finalized invoice’s receivable is exactly its operator shares plus platform fees', () => {
    fc.assert(
      fc.property(
        currency,
        fc.array(fc.tuple(minor, feeRate), { minLength: 1, maxLength: 10 }),
        (cur, lines) => {
          const txn = invoiceFinalized({
            invoiceId: 'in',
            customerId: 'c',
            currency: cur,
            eventId: 'e',
            finalizedAtMs: 0,
            lines: lines.map(([m, rate], i) => {
              const amount = fromMinor(m, cur);
              return { lineId: `l${i}`, kind: 'usage' as const, operatorId: `op${i % 3}`, amount, ...splitShare(amount, rate, cur) };
            }),
          });
          const balances = new Map(accountTotals(txn.postings).map((t) => [t.account, signedBalance(t)]));
          const billed = lines.reduce((s, [m]) => s + m, 0n);
          expect(balances.get('receivable:c')?.toFixed() ?? '0').toBe(fromMinor(billed, cur).toFixed());
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

import fc from 'fast-check';
import { Dec } from '@hourglass/money';
import { pspLineSettled } from './reconciliation';

const post = (gross: string, fee: string, net: string) =>
  pspLineSettled({ lineId: 'stripe:txn_1', provider: 'stripe', currency: 'EUR', gross: new Dec(gross), fee: new Dec(fee), net: new Dec(net), atMs: 0, causedBy: 'psp_settlement_lines:stripe:txn_1' });

const legs = (t: ReturnType<typeof post>) => t.postings.map((p) => [p.account, p.side, p.amount.toFixed(2)]).sort();

describe('pspLineSettled', () => {
  it('moves a charge from clearing to the bank, less the fee', () => {
    const t = post('100.00', '2.90', '97.10');
    expect(t.txnId).toBe('psp-settled:stripe:txn_1');
    expect(legs(t)).toEqual(
      [
        ['cash:stripe-payouts', 'debit', '97.10'],
        ['psp_clearing:stripe', 'credit', '100.00'],
        ['psp_fees:stripe', 'debit', '2.90'],
      ].sort(),
    );
  });

  it('takes a refund back out of the bank into clearing', () => {
    expect(legs(post('-40.00', '0.00', '-40.00'))).toEqual(
      [
        ['cash:stripe-payouts', 'credit', '40.00'],
        ['psp_clearing:stripe', 'debit', '40.00'],
      ].sort(),
    );
  });

  it('does not expense a dispute fee twice: posted with the dispute, it leaves clearing instead', () => {
    const t = pspLineSettled({ lineId: 'stripe:txn_2', provider: 'stripe', currency: 'USD', gross: new Dec('-19.92'), fee: new Dec('15.00'), net: new Dec('-34.92'), feePostedWithDispute: true, atMs: 0, causedBy: 'x' });
    // −19.92 and the 15.00 fee both came out of clearing with the dispute: both go back in, the bank pays 34.92.
    expect(legs(t)).toEqual([['cash:stripe-payouts', 'credit', '34.92'], ['psp_clearing:stripe', 'debit', '34.92']]);
  });

  it('refuses a line whose net is not gross less fee', () => {
    expect(() => post('100.00', '2.90', '97.00')).toThrow(/net 97 is not gross 100 less fee 2.9/);
  });

  it('balances for any gross and fee in minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: -10_000, max: 100_000 }), (grossCents, feeCents) => {
        const gross = new Dec(grossCents).div(100);
        const fee = new Dec(feeCents).div(100);
        const t = post(gross.toFixed(2), fee.toFixed(2), gross.minus(fee).toFixed(2));
        const debits = t.postings.filter((p) => p.side === 'debit').reduce((s, p) => s.plus(p.amount), new Dec(0));
        const credits = t.postings.filter((p) => p.side === 'credit').reduce((s, p) => s.plus(p.amount), new Dec(0));
        expect(debits.eq(credits)).toBe(true);
      }),
    );
  });
});

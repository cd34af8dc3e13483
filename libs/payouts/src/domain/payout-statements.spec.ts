import fc from 'fast-check';
import { dec, roundToMinor, splitShare } from '@hourglass/money';
import type { EarnedLine } from '@hourglass/invoicing';
import { payoutStatements } from './payout-statements';

const line = (operatorId: string, currency: string, amount: string, feeRate = '0.15'): EarnedLine => {
  const { operatorShare, platformFee } = splitShare(dec(amount), feeRate, currency);
  return {
    invoiceId: 'in',
    invoiceNumber: 'HG-2026-000001',
    customerId: 'c',
    currency,
    lineId: `in:${operatorId}:${amount}`,
    kind: 'usage',
    rentalId: 'r',
    operatorId,
    priceBookVersion: 1,
    servicePeriod: '2026-09',
    quantityGpuHours: '1',
    amount: dec(amount),
    operatorShare,
    platformFee,
  };
};

describe('payoutStatements', () => {
  it('sums shares and fees per operator and currency, and leaves credit lines to the platform', () => {
    const statements = payoutStatements('2026-09', [
      line('op-1', 'USD', '19.92'), // share 16.932 → 16.93, fee 2.99
      line('op-1', 'USD', '17.52'), // share 14.892 → 14.89, fee 2.63
      line('op-1', 'JPY', '4482'), // share 3809.7 → 3810, fee 672
      { ...line('', 'USD', '-5.00'), kind: 'credit' },
    ]);
    expect(statements.map((s) => [s.operatorId, s.currency, s.gross.toFixed(), s.platformFee.toFixed(), s.net.toFixed()])).toEqual([
      ['op-1', 'JPY', '4482', '672', '3810'],
      ['op-1', 'USD', '37.44', '5.62', '31.82'],
    ]);
  });

  it('always has gross = fee + net exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 99 }), (minors, feePct) => {
        const rate = `0.${String(feePct).padStart(2, '0')}`;
        const lines = minors.map((m) => line('op', 'BHD', roundToMinor(dec(m).div(1000), 'BHD').toFixed(3), rate));
        const [s] = payoutStatements('2026-09', lines);
        return s!.gross.eq(s!.platformFee.plus(s!.net));
      }),
    );
  });
});

import fc from 'fast-check';
import { dec, fromMinor } from '@hourglass/money';
import { disputeLoss, type LossLine } from './loss';

const dispute = (amountMinor: bigint, currency: string) => ({ disputeId: 'dp_1', provider: 'stripe' as const, invoiceId: 'inv', currency, amount: fromMinor(amountMinor, currency), closedAtMs: 1, lastEventAtMs: 1 });

describe('disputeLoss', () => {
  it('leaves the whole loss to the platform under the platform policy', () => {
    const sut = disputeLoss(dispute(1992n, 'USD'), [{ kind: 'usage', operatorId: 'op-1', operatorShare: dec('16.93'), platformFee: dec('2.99') }], 'platform');
    expect([sut.clawbacks, sut.platformAmount.toFixed(2)]).toEqual([[], '19.92']);
  });

  it("claws back each operator's share of the disputed amount, the platform keeps its fees' part", () => {
    // 19.92 USD invoice: op-1 share 16.93 + fee 2.99; a dispute over 10.00 → 10.00 × 16.93 / 19.92 = 8.499 → 8.50, platform 1.50
    const sut = disputeLoss(dispute(1000n, 'USD'), [{ kind: 'usage', operatorId: 'op-1', operatorShare: dec('16.93'), platformFee: dec('2.99') }], 'operator');
    expect(sut.clawbacks.map((c) => [c.operatorId, c.amount.toFixed(2)])).toEqual([['op-1', '8.50']]);
    expect(sut.platformAmount.toFixed(2)).toBe('1.50');
  });

  it('parts sum to the disputed amount exactly, none negative, in any currency', () => {
    const line = fc.record({ kind: fc.constantFrom('usage', 'reserved', 'adjustment', 'credit'), op: fc.constantFrom('op-1', 'op-2', 'op-3'), share: fc.integer({ min: 0, max: 10_000_000 }), fee: fc.integer({ min: 0, max: 2_000_000 }) });
    fc.assert(
      fc.property(fc.constantFrom('USD', 'JPY', 'BHD'), fc.bigInt({ min: 0n, max: 100_000_000n }), fc.array(line, { maxLength: 6 }), fc.constantFrom('platform', 'operator'), (currency, minor, ls, policy) => {
        const lines: LossLine[] = ls.map((l) => ({ kind: l.kind, operatorId: l.op, operatorShare: fromMinor(BigInt(l.share), currency), platformFee: fromMinor(BigInt(l.fee), currency) }));
        const sut = disputeLoss(dispute(minor, currency), lines, policy as 'platform' | 'operator');
        const total = sut.clawbacks.reduce((s, c) => s.plus(c.amount), sut.platformAmount);
        expect(total.eq(sut.amount)).toBe(true);
        expect(sut.clawbacks.every((c) => c.amount.gt(0)) && sut.platformAmount.gte(0)).toBe(true);
        if (policy === 'platform') expect(sut.clawbacks).toEqual([]);
      }),
    );
  });
});

import fc from 'fast-check';
import { Dec, dec, fromMinor, toMinor } from '@hourglass/money';
import { collectedShare, planItem, type OperatorPosition, type ReserveTranche } from './eligibility';

const DAY = 86_400_000;
const policy = { rate: '0.10', holdMs: 90 * DAY };
const ok = { kycVerified: true, sanctioned: false, minimum: dec('50') };
const position = (p: Partial<OperatorPosition>): OperatorPosition => ({ operatorId: 'op-1', currency: 'EUR', eligible: dec('0'), clawbacks: dec('0'), paidOrInFlight: dec('0'), tranches: [], ...p });
const minor = (n: number | bigint, cur = 'EUR') => fromMinor(BigInt(n), cur);

describe('collectedShare', () => {
  it('pays the paid fraction, rounded down, and the whole share once paid in full', () => {
    // 1000.00 share of an invoice owed 1176.47, 588.23 paid: 1000 × 588.23 / 1176.47 = 499.996… → 499.99
    expect(collectedShare({ share: dec('1000'), owed: dec('1176.47'), paid: dec('588.23'), currency: 'EUR' }).toFixed(2)).toBe('499.99');
    expect(collectedShare({ share: dec('1000'), owed: dec('1176.47'), paid: dec('1176.47'), currency: 'EUR' }).toFixed(2)).toBe('1000.00');
    expect(collectedShare({ share: dec('1000'), owed: dec('0'), paid: dec('0'), currency: 'EUR' }).toFixed(2)).toBe('0.00');
  });

  it('is never more than the share nor than what was paid in proportion, and grows with payments', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 9n }), (share, owed, paidA, paidB) => {
        const s = { share: minor(share), owed: minor(owed), currency: 'EUR' };
        const [lo, hi] = paidA < paidB ? [paidA, paidB] : [paidB, paidA];
        const a = collectedShare({ ...s, paid: minor(lo) });
        const b = collectedShare({ ...s, paid: minor(hi) });
        return a.gte(0) && a.lte(s.share) && a.lte(b) && (hi >= owed ? b.eq(s.share) : true) && a.eq(fromMinor(toMinor(a, 'EUR'), 'EUR'));
      }),
    );
  });
});

describe('planItem', () => {
  it('holds a reserve of the newly eligible amount and pays the rest', () => {
    // eligible 1000.00: reserve 10 % = 100.00 until day 90, pays 900.00
    const p = planItem(position({ eligible: dec('1000') }), policy, ok, 'pb_2026-09', 0);
    expect([p.status, p.amount.toFixed(2), p.newTranche?.amount.toFixed(2), p.newTranche?.releaseAtMs]).toEqual(['scheduled', '900.00', '100.00', 90 * DAY]);
  });

  it('releases a tranche once due, nets clawbacks, and holds a negative balance', () => {
    const tranche: ReserveTranche = { reserveId: 'r1', base: dec('1000'), amount: dec('100'), heldAtMs: 0, releaseAtMs: 90 * DAY, released: false };
    // eligible 1500: new base 500 → reserve 50; released 100; available 1500 − 200 clawed − 900 paid − 50 = 350
    const p = planItem(position({ eligible: dec('1500'), clawbacks: dec('200'), paidOrInFlight: dec('900'), tranches: [tranche] }), policy, ok, 'pb_x', 91 * DAY);
    expect([p.status, p.amount.toFixed(2), p.releases.map((r) => r.reserveId)]).toEqual(['scheduled', '350.00', ['r1']]);
    // the same, but a clawback of 700: 1500 − 700 − 900 − 50 = −150
    const n = planItem(position({ eligible: dec('1500'), clawbacks: dec('700'), paidOrInFlight: dec('900'), tranches: [tranche] }), policy, ok, 'pb_x', 91 * DAY);
    expect([n.status, n.holdReason, n.amount.toFixed(2)]).toEqual(['held', 'negative_balance', '-150.00']);
  });

  it('holds for sanctions before KYC before the minimum', () => {
    const pos = position({ eligible: dec('20') });
    expect(planItem(pos, policy, { ...ok, sanctioned: true, kycVerified: false }, 'b', 0).holdReason).toBe('sanctions');
    expect(planItem(pos, policy, { ...ok, kycVerified: false }, 'b', 0).holdReason).toBe('kyc');
    expect(planItem(pos, policy, ok, 'b', 0).holdReason).toBe('below_minimum');
  });

  it('over any sequence of runs, paid + reserved + owed = eligible − clawbacks, and reserves never exceed the rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ earn: fc.bigInt({ min: 0n, max: 10n ** 8n }), claw: fc.bigInt({ min: 0n, max: 10n ** 6n }), days: fc.integer({ min: 1, max: 60 }), kyc: fc.boolean(), fail: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        (runs) => {
          let eligible = new Dec(0);
          let clawbacks = new Dec(0);
          let paid = new Dec(0);
          let nowMs = 0;
          const tranches: ReserveTranche[] = [];
          for (const [i, r] of runs.entries()) {
            eligible = eligible.plus(minor(r.earn));
            clawbacks = clawbacks.plus(minor(r.claw));
            nowMs += r.days * DAY;
            const p = planItem(position({ eligible, clawbacks, paidOrInFlight: paid, tranches: tranches.map((t) => ({ ...t })) }), policy, { ...ok, kycVerified: r.kyc }, `b${i}`, nowMs);
            for (const rel of p.releases) tranches.find((t) => t.reserveId === rel.reserveId)!.released = true;
            if (p.newTranche) tranches.push(p.newTranche);
            // A failed transfer is not counted as paid: the amount is owed again.
            if (p.status === 'scheduled' && !r.fail) paid = paid.plus(p.amount);
            const reserved = tranches.filter((t) => !t.released).reduce((s, t) => s.plus(t.amount), new Dec(0));
            const owed = eligible.minus(clawbacks).minus(paid).minus(reserved);
            if (p.status === 'scheduled' && !r.fail && !owed.eq(0)) return false;
            if (p.status === 'held' && !owed.eq(p.amount)) return false;
            const bases = tranches.reduce((s, t) => s.plus(t.base), new Dec(0));
            if (bases.gt(eligible) || reserved.gt(eligible.times('0.10'))) return false;
          }
          return true;
        },
      ),
    );
  });
});

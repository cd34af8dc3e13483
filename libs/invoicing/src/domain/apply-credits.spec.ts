import { dec } from '@hourglass/money';
import { applyCredits, type CreditGrant } from './apply-credits';
import type { DraftInvoice } from './invoice';

const invoice = (subtotal: string): DraftInvoice => ({
  invoiceId: 'in_1',
  customerId: 'c-1',
  currency: 'USD',
  period: '2026-09',
  lines: [],
  subtotal: dec(subtotal),
  creditsApplied: dec('0'),
  total: dec(subtotal),
});
const grant = (over: Partial<CreditGrant>): CreditGrant => ({
  grantId: 'g',
  customerId: 'c-1',
  currency: 'USD',
  amount: dec('50'),
  remaining: dec('50'),
  priority: 0,
  expiresAtMs: null,
  grantedAtMs: 0,
  description: '',
  ...over,
});

describe('applyCredits', () => {
  it('draws by priority, then earliest expiry, never below zero, and keeps what is left', () => {
    const grants = [
      grant({ grantId: 'late-expiry', expiresAtMs: 2_000, remaining: dec('30') }),
      grant({ grantId: 'early-expiry', expiresAtMs: 1_500, remaining: dec('30') }),
      grant({ grantId: 'low-priority', priority: 5, remaining: dec('100') }),
      grant({ grantId: 'expired', expiresAtMs: 500, remaining: dec('100') }),
      grant({ grantId: 'other-currency', currency: 'EUR', remaining: dec('100') }),
    ];
    const sut = applyCredits(invoice('45.50'), grants, 1_000);
    // 45.50 = 30 (early-expiry) + 15.50 (late-expiry); total 0.00
    expect(sut.lines.map((l) => [l.kind, l.creditGrantId, l.amount.toFixed(2)])).toEqual([
      ['credit', 'early-expiry', '-30.00'],
      ['credit', 'late-expiry', '-15.50'],
    ]);
    expect([sut.creditsApplied.toFixed(2), sut.total.toFixed(2)]).toEqual(['45.50', '0.00']);
    expect(grants.map((g) => g.remaining.toFixed(2))).toEqual(['14.50', '0.00', '100.00', '100.00', '100.00']);
    expect(sut.lines.every((l) => l.operatorShare.eq(0) && l.platformFee.eq(l.amount))).toBe(true);
  });

  it('leaves an invoice without usable credit untouched', () => {
    const original = invoice('10.00');
    expect(applyCredits(original, [grant({ customerId: 'c-2' })], 0)).toBe(original);
  });
});

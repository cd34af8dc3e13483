import { dec } from '@hourglass/money';
import { chargebackRates } from './chargeback-rate';

describe('chargebackRates', () => {
  it('divides disputes by payments per processor and month; amounts per currency', () => {
    const rows = [
      { month: '2026-10', provider: 'stripe', currency: 'USD', payments: 3, paymentsAmount: dec('100.00'), disputes: 1, disputedAmount: dec('20.00') },
      { month: '2026-10', provider: 'stripe', currency: 'JPY', payments: 1, paymentsAmount: dec('2800'), disputes: 0, disputedAmount: dec('0') },
      { month: '2026-10', provider: 'adyen', currency: 'EUR', payments: 0, paymentsAmount: dec('0'), disputes: 1, disputedAmount: dec('16.00') },
    ];
    // stripe count: 1 ÷ (3 + 1) = 0.25; USD amount 20 ÷ 100 = 0.2; JPY 0; adyen: no captures, no rate
    expect(chargebackRates(rows).map((r) => [r.basis, r.provider, r.currency, r.rate])).toEqual([
      ['amount', 'stripe', 'JPY', 0],
      ['amount', 'stripe', 'USD', 0.2],
      ['count', 'stripe', 'all', 0.25],
    ]);
  });
});

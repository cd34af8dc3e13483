import { payoutsFrom } from './payouts-config';

describe('payoutsFrom', () => {
  it('defaults to the collected basis, a 10 % reserve for 90 days, no minimum, no schedule, no debtor', () => {
    expect(payoutsFrom({})).toEqual({ basis: 'collected', reserveRate: '0.10', reserveHoldMs: 90 * 86_400_000, minimum: { '*': '0' }, schedule: 'off', debtor: null, customerSpendLimit: null });
  });

  it('reads per-currency minimums, the debtor (IBAN without spaces) and the spend limit', () => {
    const c = payoutsFrom({ HOURGLASS_PAYOUT_BASIS: 'earned', HOURGLASS_PAYOUT_MINIMUM: 'EUR:50,JPY:5000,*:20', HOURGLASS_PAYOUT_DEBTOR_NAME: 'HG', HOURGLASS_PAYOUT_DEBTOR_IBAN: 'de02 1203 0000 0000 2020 51', HOURGLASS_PAYOUT_DEBTOR_BIC: 'byladem1001', HOURGLASS_KYC_CUSTOMER_MONTHLY_SPEND: '10000' });
    expect([c.basis, c.minimum, c.debtor, c.customerSpendLimit]).toEqual(['earned', { EUR: '50', JPY: '5000', '*': '20' }, { name: 'HG', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' }, '10000']);
  });

  it.each([
    [{ HOURGLASS_PAYOUT_BASIS: 'invoiced' }, 'HOURGLASS_PAYOUT_BASIS'],
    [{ HOURGLASS_PAYOUT_RESERVE_RATE: '1.5' }, 'HOURGLASS_PAYOUT_RESERVE_RATE'],
    [{ HOURGLASS_PAYOUT_RESERVE_DAYS: '-1' }, 'HOURGLASS_PAYOUT_RESERVE_DAYS'],
    [{ HOURGLASS_PAYOUT_MINIMUM: 'EUR:abc' }, 'HOURGLASS_PAYOUT_MINIMUM'],
    [{ HOURGLASS_PAYOUT_SCHEDULE: 'daily' }, 'HOURGLASS_PAYOUT_SCHEDULE'],
    [{ HOURGLASS_PAYOUT_DEBTOR_NAME: 'HG' }, 'go together'],
  ])('refuses %j', (env, message) => {
    expect(() => payoutsFrom(env)).toThrow(message);
  });
});

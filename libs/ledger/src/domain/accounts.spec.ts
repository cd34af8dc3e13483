import { accountClass, accounts, UnknownAccountError } from './accounts';

describe('chart of accounts', () => {
  it.each([
    ['receivable:c-9', 'asset'],
    ['customer_credit:c-9', 'liability'],
    ['operator_payable:op-42', 'liability'],
    ['payout_reserve:op-42', 'liability'],
    ['platform_fees', 'revenue'],
    ['psp_clearing:stripe', 'asset'],
    ['cash:de-main', 'asset'],
    ['psp_fees:adyen', 'expense'],
    ['dispute_losses', 'expense'],
    ['disputed_funds:stripe', 'asset'],
    ['credit_grants_expense', 'expense'],
    ['credit_notes_expense', 'expense'],
  ])('classifies %s as %s', (account, cls) => {
    expect(accountClass(account)).toBe(cls);
  });

  it.each(['receivable', 'receivable:', 'platform_fees:x', 'petty_cash', ''])('refuses %p', (account) => {
    expect(() => accountClass(account)).toThrow(UnknownAccountError);
  });

  it('keeps the id after the first colon whole', () => {
    expect(accounts.receivable('c:with:colons')).toBe('receivable:c:with:colons');
    expect(accountClass('receivable:c:with:colons')).toBe('asset');
  });
});

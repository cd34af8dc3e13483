import { dec } from '@hourglass/money';
import type { InvoiceStatus } from './invoice';
import { creditNoteNumber, creditNoteNumberPrefix, decideCreditNote, decideTransition, validateGrant, type InvoiceState } from './invoice-lifecycle';
import { InvoicingError } from './invoicing-error';

const invoice = (status: InvoiceStatus, total = '100.00', credited = '0', currency = 'USD'): InvoiceState => ({
  invoiceId: 'in_1',
  number: 'HG-2026-000001',
  customerId: 'c-1',
  currency,
  status,
  total: dec(total),
  credited: dec(credited),
});

const reasonOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof InvoicingError) return error.reason;
    throw error;
  }
};

describe('decideTransition', () => {
  // from, to, expected: 'unchanged' | 'move' | a refusal reason
  const table: Array<[InvoiceStatus, InvoiceStatus, string]> = [
    ['draft', 'finalized', 'move'],
    ['draft', 'void', 'move'],
    ['draft', 'paid', 'invalid_transition'],
    ['draft', 'uncollectible', 'invalid_transition'],
    ['finalized', 'paid', 'move'],
    ['finalized', 'void', 'move'],
    ['finalized', 'uncollectible', 'move'],
    ['finalized', 'draft', 'invalid_transition'],
    ['uncollectible', 'paid', 'move'],
    ['uncollectible', 'void', 'move'],
    ['uncollectible', 'finalized', 'invalid_transition'],
    ['paid', 'void', 'invalid_transition'],
    ['paid', 'uncollectible', 'invalid_transition'],
    ['void', 'paid', 'invalid_transition'],
    ['void', 'finalized', 'invalid_transition'],
    ['paid', 'paid', 'unchanged'],
    ['void', 'void', 'unchanged'],
    ['uncollectible', 'uncollectible', 'unchanged'],
  ];

  it.each(table)('%s → %s: %s', (from, to, expected) => {
    const reason = reasonOf(() => decideTransition(invoice(from), to));
    if (reason) expect(reason).toBe(expected);
    else expect(decideTransition(invoice(from), to).kind).toBe(expected);
  });

  it.each([
    // total, already credited, what a void credits
    ['100.00', '0', '100'],
    ['100.00', '40.00', '60'],
    ['100.00', '100.00', null],
    ['0.00', '0', null],
  ])('a void of %s with %s credited credits %s', (total, credited, voidCredit) => {
    const decision = decideTransition(invoice('finalized', total, credited), 'void');
    expect(decision.kind === 'move' ? decision.voidCredit?.toFixed() ?? null : 'unchanged').toBe(voidCredit);
  });

  it('pays without a credit note', () => {
    expect(decideTransition(invoice('finalized'), 'paid')).toEqual({ kind: 'move', to: 'paid', voidCredit: null });
  });
});

describe('decideCreditNote', () => {
  // status, total, credited, currency, amount, void → amount credited and status after, or a refusal
  const table: Array<[InvoiceStatus, string, string, string, string | undefined, boolean, string]> = [
    ['finalized', '100.00', '0', 'USD', '10.00', false, '10 finalized'],
    ['finalized', '100.00', '0', 'USD', undefined, false, '100 finalized'],
    ['finalized', '100.00', '0', 'USD', undefined, true, '100 void'],
    ['finalized', '100.00', '60.00', 'USD', '40', true, '40 void'],
    ['finalized', '100.00', '60.00', 'USD', '30', true, '30 finalized'],
    ['paid', '100.00', '0', 'USD', undefined, true, '100 paid'],
    ['uncollectible', '100.00', '0', 'USD', '1.01', false, '1.01 uncollectible'],
    ['finalized', '100.00', '0', 'USD', '100.01', false, 'invalid_amount'],
    ['finalized', '100.00', '60.00', 'USD', '40.01', false, 'invalid_amount'],
    ['finalized', '100.00', '0', 'USD', '0', false, 'invalid_amount'],
    ['finalized', '100.00', '0', 'USD', '-5', false, 'invalid_amount'],
    ['finalized', '100.00', '0', 'USD', '1.001', false, 'invalid_amount'],
    ['finalized', '100.00', '0', 'USD', 'abc', false, 'invalid_amount'],
    ['finalized', '4482', '0', 'JPY', '0.5', false, 'invalid_amount'],
    ['finalized', '0.926', '0', 'BHD', '0.926', false, '0.926 finalized'],
    ['finalized', '100.00', '100.00', 'USD', undefined, false, 'invalid_amount'],
    ['draft', '100.00', '0', 'USD', '10', false, 'invalid_transition'],
    ['void', '100.00', '100.00', 'USD', '10', false, 'invalid_transition'],
  ];

  it.each(table)('%s invoice of %s (%s credited, %s), crediting %s, void %s: %s', (status, total, credited, currency, amount, voids, expected) => {
    const target = invoice(status, total, credited, currency);
    const reason = reasonOf(() => decideCreditNote(target, { amount, void: voids }));
    if (reason) return expect(reason).toBe(expected);
    const decision = decideCreditNote(target, { amount, void: voids });
    expect(`${decision.amount.toFixed()} ${decision.statusAfter}`).toBe(expected);
    expect(decision.voidsInvoice).toBe(voids);
  });
});

describe('credit-note numbers', () => {
  it('are their own series per billing entity and year, six digits', () => {
    expect(creditNoteNumber('HG', 2026, 7)).toBe('HG-CN-2026-000007');
    expect(creditNoteNumber('HG', 2026, 7).startsWith(creditNoteNumberPrefix('HG', 2026))).toBe(true);
    expect(creditNoteNumberPrefix('HG', 2027)).toBe('HG-CN-2027-');
  });
});

describe('validateGrant', () => {
  const base = { customerId: 'c-1', currency: 'USD', amount: '100.00' };

  it('accepts a grant with defaults', () => {
    const grant = validateGrant(base);
    expect([grant.amount.toFixed(), grant.priority, grant.expiresAtMs, grant.description]).toEqual(['100', 0, null, '']);
  });

  it.each([
    [{ amount: '0' }],
    [{ amount: '-1' }],
    [{ amount: '1.001' }],
    [{ amount: 'abc' }],
    [{ currency: 'usd' }],
    [{ currency: 'JPY', amount: '1.5' }],
    [{ expiresAt: 'soon' }],
    [{ customerId: '' }],
    [{ priority: 1.5 }],
  ])('refuses %j as invalid_grant', (change) => {
    expect(reasonOf(() => validateGrant({ ...base, ...change }))).toBe('invalid_grant');
  });

  it('says every problem at once', () => {
    expect(() => validateGrant({ customerId: '', currency: 'XYZ', amount: '0' })).toThrow(/customerId.*currency.*amount/);
  });
});

import { documentFileName, documentOptionsFrom, issuerFrom } from './document-settings';
import { asNegative, invoiceDocument, negated } from './invoice-document';
import { invoice } from './invoice.fixture';

describe('invoice document model', () => {
  it.each([
    ['10.00', '-10.00', '-10.00'],
    ['-10.00', '10.00', '-10.00'],
    ['0.00', '0.00', '0.00'],
    ['-0.00', '0.00', '0.00'],
    ['0', '0', '0'],
    ['0.125', '-0.125', '-0.125'],
    ['12345678901234567.89', '-12345678901234567.89', '-12345678901234567.89'],
  ])('%s: negated %s, as a credit %s (digits untouched)', (amount, flipped, credit) => {
    expect(negated(amount)).toBe(flipped);
    expect(asNegative(amount)).toBe(credit);
  });

  it('reads the billing period as inclusive days, the end being exclusive', () => {
    const sut = invoiceDocument(invoice({ periodStart: '2026-02-01T00:00:00.000Z', periodEnd: '2026-03-01T00:00:00.000Z' }), issuerFrom({ entity: 'HG' }));
    expect([sut.periodFrom, sut.periodTo]).toEqual(['2026-02-01', '2026-02-28']);
  });

  it('shows totals in order, credits and credit notes as reductions', () => {
    const sut = invoiceDocument(invoice({ creditNotes: '5.00', amountDue: '32.44' }), issuerFrom({ entity: 'HG' }));
    expect(sut.totals.map((t) => [t.label, t.amount])).toEqual([
      ['Subtotal', '47.44'],
      ['Credits applied', '-10.00'],
      ['Total', '37.44'],
      ['Credit notes', '-5.00'],
      ['Amount due', '32.44'],
    ]);
  });

  it('names the configured rounding of the currency, and the default for an unknown one', () => {
    expect(documentOptionsFrom({ roundingOverrides: { CHF: 'half_even' } }, 'CHF')).toEqual({ roundingMode: 'half_even' });
    expect(documentOptionsFrom({ roundingOverrides: {} }, 'USD')).toEqual({ roundingMode: 'half_away_from_zero' });
    expect(documentOptionsFrom({ roundingOverrides: {} }, 'XXX')).toEqual({});
  });

  it.each([
    ['HG-2026-000001', 'pdf', 'HG-2026-000001.pdf'],
    ['A"B/C\r\n', 'html', 'A_B_C__.html'],
  ] as const)('file name of %j is %j', (number, ext, expected) => {
    expect(documentFileName(number, ext)).toBe(expected);
  });
});

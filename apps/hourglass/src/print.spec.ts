import { groupDigits, printTable } from './print';

describe('printTable', () => {
  it('groups digits and right-aligns numeric columns without changing a digit', () => {
    const text = printTable([
      { customer: 'c-1', gpuHours: '1234567.123456789012', invoices: 3 },
      { customer: 'c-22222', gpuHours: '12.5', invoices: 12345 },
    ]);
    expect(text.split('\n')).toEqual([
      'customer                gpuHours  invoices',
      '--------  ----------------------  --------',
      'c-1       1,234,567.123456789012         3',
      'c-22222                     12.5    12,345',
    ].map((l) => l));
  });

  it('says so when there is nothing', () => {
    expect(printTable([])).toBe('(no rows)');
  });
});

describe('groupDigits', () => {
  it.each([
    ['0', '0'],
    ['999', '999'],
    ['1000', '1,000'],
    ['-1234567.891', '-1,234,567.891'],
    ['HG-2026-000001', 'HG-2026-000001'],
  ])('%s → %s', (input, output) => expect(groupDigits(input)).toBe(output));
});

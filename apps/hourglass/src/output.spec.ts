import { flatten, formatOf, render, toCsv } from './output';

describe('output formats', () => {
  it('--json is --format json; table is the default', () => {
    expect([formatOf({ json: true }), formatOf({ format: 'csv' }), formatOf({})]).toEqual(['json', 'csv', 'table']);
  });

  it('writes RFC 4180 CSV with a header row and decimal strings untouched', () => {
    expect(toCsv([{ customer: 'Acme, Inc.', amount: '1234.50', note: 'said "hi"' }, { customer: 'b', amount: '0.000000000001' }])).toBe(
      'customer,amount,note\n"Acme, Inc.",1234.50,"said ""hi"""\nb,0.000000000001,\n',
    );
  });

  it('flattens a nested summary into key,value rows with dotted keys', () => {
    expect(flatten({ events: { accepted: 2, rejectedByReason: { unknown_rental: 1 } }, invoices: [{ total: '1.00' }] })).toEqual([
      { key: 'events.accepted', value: 2 },
      { key: 'events.rejectedByReason.unknown_rental', value: 1 },
      { key: 'invoices.0.total', value: '1.00' },
    ]);
  });

  it('prints a list of flat rows as they are, and anything else flattened', () => {
    expect(render({ format: 'csv' }, [{ a: 1, b: 'x' }], { table: () => '' })).toBe('a,b\n1,x\n');
    expect(render({ format: 'csv' }, { a: { b: 1 } }, { table: () => '' })).toBe('key,value\na.b,1\n');
    expect(render({}, { a: 1 }, { table: () => 'people' })).toBe('people\n');
  });
});

import { auditedPath, auditIdFor, auditPageFrom } from './audit-entry';

describe('audit entries', () => {
  it('orders ids by time, as text', () => {
    const ids = [auditIdFor(999, 'ff'), auditIdFor(1_000, '00'), auditIdFor(1_764_806_400_000, 'ab')];
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    [undefined, undefined, { limit: 100, before: null }],
    ['5', '000000000001000-ab', { limit: 5, before: '000000000001000-ab' }],
    ['1', '2026-12-01T00:00:00Z', { limit: 1, before: String(Date.parse('2026-12-01T00:00:00Z')).padStart(15, '0') }],
  ])('reads limit %j and before %j', (limit, before, page) => {
    expect(auditPageFrom(limit, before)).toEqual(page);
  });

  it.each([
    ['0', undefined],
    ['1001', undefined],
    ['x', undefined],
    ['10', 'yesterday'],
    ['10', "1' OR 1=1"],
  ])('refuses limit %j before %j', (limit, before) => {
    expect(() => auditPageFrom(limit, before)).toThrow();
  });

  it('keeps the path, not the query string', () => {
    expect(auditedPath('/v1/invoices/inv-1/void?x=1')).toBe('/v1/invoices/inv-1/void');
  });
});

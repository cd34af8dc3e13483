import { assertValidKey, fingerprintOf, idFromKey, replayOf, type IdempotencyRecord } from './idempotency';
import { InvoicingError } from './invoicing-error';

const record = (over: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  key: 'k-1',
  operation: 'credit-note',
  fingerprint: fingerprintOf('credit-note', 'in_1', { amount: '10.00' }),
  state: 'completed',
  response: '{"number":"HG-CN-2026-000001"}',
  createdAtMs: 0,
  ...over,
});

describe('idempotency', () => {
  it('fingerprints the request, not the order of its keys', () => {
    expect(fingerprintOf('op', 't', { a: 1, b: { c: 2, d: 3 } })).toBe(fingerprintOf('op', 't', { b: { d: 3, c: 2 }, a: 1 }));
    expect(fingerprintOf('op', 't', { a: 1, skipped: undefined })).toBe(fingerprintOf('op', 't', { a: 1 }));
  });

  it.each([
    ['another body', fingerprintOf('op', 't', { a: 2 })],
    ['another target', fingerprintOf('op', 'u', { a: 1 })],
    ['another operation', fingerprintOf('op2', 't', { a: 1 })],
  ])('tells %s apart', (_, other) => {
    expect(other).not.toBe(fingerprintOf('op', 't', { a: 1 }));
  });

  it('derives the same id for the same key, another for another key or operation', () => {
    expect(idFromKey('cn', 'credit-note', 'k-1')).toBe(idFromKey('cn', 'credit-note', 'k-1'));
    expect(idFromKey('cn', 'credit-note', 'k-1')).toMatch(/^cn_[0-9a-f]{24}$/);
    expect(idFromKey('cn', 'credit-note', 'k-2')).not.toBe(idFromKey('cn', 'credit-note', 'k-1'));
    expect(idFromKey('cg', 'credit-grant', 'k-1')).not.toBe(idFromKey('cg', 'credit-note', 'k-1').replace('cn_', 'cg_'));
  });

  it('replays a completed request, resumes a pending one, refuses another request under the key', () => {
    const request = { key: 'k-1', operation: 'credit-note', fingerprint: record().fingerprint };
    expect(replayOf(record(), request)).toEqual({ kind: 'replay', response: { number: 'HG-CN-2026-000001' } });
    expect(replayOf(record({ state: 'pending', response: null }), request)).toEqual({ kind: 'resume' });
    const other = { ...request, fingerprint: fingerprintOf('credit-note', 'in_1', { amount: '11.00' }) };
    expect(() => replayOf(record(), other)).toThrow(InvoicingError);
    expect(() => replayOf(record(), other)).toThrow(expect.objectContaining({ reason: 'idempotency_key_reused' }));
  });

  it.each([[''], ['x'.repeat(256)], ['with space'], ['é']])('refuses the key %j', (key) => {
    expect(() => assertValidKey(key)).toThrow(expect.objectContaining({ reason: 'invalid_idempotency_key' }));
  });
});

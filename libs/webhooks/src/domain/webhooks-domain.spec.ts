import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { endpointFrom, retryDelayMs, signatureHeader, verifySignature } from './index';

describe('Hourglass-Signature', () => {
  const body = '{"id":"invoice.paid:inv_1","type":"hourglass.invoice.paid"}';

  it('is t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const hex = createHmac('sha256', 'whsec_test_secret_1234').update(`1796000000.${body}`).digest('hex');
    expect(signatureHeader(body, 'whsec_test_secret_1234', 1_796_000_000)).toBe(`t=1796000000,v1=${hex}`);
  });

  it('verifies under any of several secrets, and refuses a changed body, another secret, a stale time or no header', () => {
    const header = signatureHeader(body, 'new-secret-0123456789', 1_000);
    expect(verifySignature(header, body, ['old-secret-0123456789', 'new-secret-0123456789'], 1_100)).toEqual({ ok: true });
    expect(verifySignature(header, body + ' ', ['new-secret-0123456789'], 1_100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, body, ['old-secret-0123456789'], 1_100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, body, ['new-secret-0123456789'], 1_301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifySignature(undefined, body, ['new-secret-0123456789'], 1_000)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature('v1=abc', body, ['new-secret-0123456789'], 1_000)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('round-trips for any body and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 2 ** 32 }), (anyBody, secret, t) => {
        expect(verifySignature(signatureHeader(anyBody, secret, t), anyBody, [secret], t)).toEqual({ ok: true });
      }),
    );
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, and stops after the last attempt', () => {
    const policy = { baseMs: 1_000, capMs: 5_000, maxAttempts: 5 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy))).toEqual([1_000, 2_000, 4_000, 5_000, null]);
  });
});

describe('endpointFrom', () => {
  it('makes a secret when none is given and keeps it, and the creation time, on a change', () => {
    const created = endpointFrom({ endpointId: 'erp', url: 'https://erp.example.com/hook' }, null, 1_000);
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(created).toMatchObject({ types: [], enabled: true, createdAtMs: 1_000 });
    const changed = endpointFrom({ endpointId: 'erp', types: ['invoice.paid', 'invoice.finalized'] }, created, 2_000);
    expect(changed).toMatchObject({ url: created.url, secret: created.secret, types: ['invoice.finalized', 'invoice.paid'], createdAtMs: 1_000, updatedAtMs: 2_000 });
  });

  it.each([
    [{ endpointId: 'a b', url: 'https://x.test' }, /endpointId/],
    [{ endpointId: 'a', url: 'ftp://x.test' }, /url/],
    [{ endpointId: 'a', url: 'https://x.test', types: ['invoice.eaten'] }, /types/],
    [{ endpointId: 'a', url: 'https://x.test', secret: 'short' }, /secret/],
  ])('refuses %j', (request, message) => {
    expect(() => endpointFrom(request, null, 0)).toThrow(message);
  });
});

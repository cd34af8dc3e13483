import { createHmac, timingSafeEqual } from 'node:crypto';

/** CONTRACTS.md §12: `Hourglass-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Hourglass-Signature';

export function signatureHeader(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(`${unixSeconds}.${body}`, secret)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * What a receiver does with the header (documented for integrators, and used by the tests): any of
 * several secrets (rotation), any of several v1 values, and a timestamp within the tolerance.
 */
export function verifySignature(header: string | null | undefined, body: string, secrets: readonly string[], nowSeconds: number, toleranceSeconds = 300): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const v1s = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!Number.isInteger(t) || v1s.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(`${t}.${body}`, secret), 'hex');
    for (const given of v1s) {
      const candidate = Buffer.from(given, 'hex');
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'mismatch' };
}

function hmacHex(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

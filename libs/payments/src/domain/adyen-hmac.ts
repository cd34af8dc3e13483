import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fields of a standard notification item that Adyen signs (and all that Hourglass reads of money). */
export interface AdyenNotificationItem {
  pspReference?: string;
  originalReference?: string;
  merchantAccountCode?: string;
  merchantReference?: string;
  amount?: { value?: number | string; currency?: string };
  eventCode?: string;
  success?: string | boolean;
  eventDate?: string;
  reason?: string;
  additionalData?: Record<string, string | undefined>;
}

/**
 * Adyen's signing string for standard notifications: eight fields joined by ':' in this order,
 * absent ones as empty strings, values as sent (no escaping: that is the key-value form below).
 */
export function adyenNotificationSigningString(item: AdyenNotificationItem): string {
  return [
    item.pspReference ?? '',
    item.originalReference ?? '',
    item.merchantAccountCode ?? '',
    item.merchantReference ?? '',
    item.amount?.value ?? '',
    item.amount?.currency ?? '',
    item.eventCode ?? '',
    item.success ?? '',
  ]
    .map(String)
    .join(':');
}

/**
 * Adyen's key-value signing string (hosted pages and other signed key-value data): keys sorted,
 * then all keys and all values joined by ':', each with '\' written '\\' and ':' written '\:' so
 * that a ':' inside a value cannot shift the fields.
 */
export function adyenKeyValueSigningString(data: Readonly<Record<string, string>>): string {
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  const entries = Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...entries.map(([k]) => escape(k)), ...entries.map(([, v]) => escape(v))].join(':');
}

const HEX_KEY = /^(?:[0-9a-fA-F]{2})+$/;

export function isAdyenHmacKey(hexKey: string): boolean {
  return HEX_KEY.test(hexKey);
}

/** HMAC-SHA256 under the hex-decoded key, base64, as Adyen computes it. */
export function adyenHmac(signingString: string, hexKey: string): string {
  if (!isAdyenHmacKey(hexKey)) throw new Error('an Adyen HMAC key is an even number of hex digits');
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(signingString, 'utf8').digest('base64');
}

/**
 * True when the item's `additionalData.hmacSignature` matches under one of the keys (several during a
 * key rotation). Constant-time comparison of the decoded digests.
 */
export function adyenSignatureValid(item: AdyenNotificationItem, hexKeys: readonly string[]): boolean {
  const given = item.additionalData?.hmacSignature;
  if (typeof given !== 'string' || given.length === 0) return false;
  const givenBytes = Buffer.from(given, 'base64');
  const signing = adyenNotificationSigningString(item);
  let valid = false;
  for (const key of hexKeys) {
    const expected = Buffer.from(adyenHmac(signing, key), 'base64');
    if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) valid = true;
  }
  return valid;
}

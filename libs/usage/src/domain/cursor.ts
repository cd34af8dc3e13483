import { UsageQueryError, type UsageQuery, type UsageRowKey } from './usage-query';

/**
 * The cursor is opaque to clients: the last row's sort key plus a fingerprint of the query it
 * belongs to, so a cursor replayed against another query is refused instead of skipping rows.
 */
interface CursorBody {
  v: 1;
  q: string;
  w: number;
  g: string[];
  c: string;
}

/** FNV-1a, 32 bit: a fingerprint, not a secret; it only has to tell queries apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function queryFingerprint(query: Omit<UsageQuery, 'after' | 'limit'>): string {
  const filters = Object.entries(query.filters).sort(([a], [b]) => a.localeCompare(b));
  return fnv1a(JSON.stringify([query.fromMs, query.toMs, query.window, query.tz, query.groupBy, filters]));
}

export function encodeCursor(fingerprint: string, key: UsageRowKey): string {
  const body: CursorBody = { v: 1, q: fingerprint, w: key.windowStartMs, g: key.groups, c: key.currency };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string, groupCount: number): UsageRowKey {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw new UsageQueryError('invalid_cursor', 'cursor is not one this API returned: pass nextCursor unchanged');
  }
  const valid =
    body?.v === 1 &&
    Number.isSafeInteger(body.w) &&
    Array.isArray(body.g) &&
    body.g.length === groupCount &&
    body.g.every((g) => typeof g === 'string') &&
    typeof body.c === 'string';
  if (!valid) throw new UsageQueryError('invalid_cursor', 'cursor is not one this API returned: pass nextCursor unchanged');
  if (body.q !== fingerprint) {
    throw new UsageQueryError('invalid_cursor', 'cursor belongs to another query: repeat the same from, to, window, tz, groupBy and filters with it');
  }
  return { windowStartMs: body.w!, groups: body.g!, currency: body.c! };
}

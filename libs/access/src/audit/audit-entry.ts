import type { Role } from '../roles';
import { DomainError } from '@hourglass/contracts';

/** One write through the API (CONTRACTS.md §5): who, what, when, with which idempotency key. */
export interface AuditEntry {
  /** Sortable: the time in ms (15 digits, zero-padded), then a random part. */
  id: string;
  at: string;
  actor: string;
  role: Role;
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
}

export interface AuditPage {
  limit: number;
  /** Entries strictly older than this id (or instant) only. */
  before: string | null;
}

export const AUDIT_PAGE_MAX = 1_000;

export class InvalidAuditQuery extends DomainError {
  constructor(message: string) {
    super('invalid_query', message);
  }
}

/** `unique` (an IdGenerator's id) keeps two writes in one millisecond apart. */
export function auditIdFor(atMs: number, unique: string): string {
  return `${String(atMs).padStart(15, '0')}-${unique.replace(/[^0-9A-Za-z_-]/g, '')}`;
}

/** `before` is an entry's id, or an ISO instant (every entry before that millisecond). */
export function auditPageFrom(limit: unknown, before: unknown): AuditPage {
  const n = limit === undefined || limit === '' ? 100 : Number(limit);
  if (!Number.isSafeInteger(n) || n < 1 || n > AUDIT_PAGE_MAX) throw new InvalidAuditQuery(`limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`);
  if (before === undefined || before === '') return { limit: n, before: null };
  const value = String(before);
  if (/^\d{15}-[0-9A-Za-z_-]+$/.test(value)) return { limit: n, before: value };
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw new InvalidAuditQuery('before must be an audit entry id or an ISO 8601 instant');
  return { limit: n, before: String(ms).padStart(15, '0') };
}

/** The path without its query string: what was done, not the filters a read used. */
export function auditedPath(originalUrl: string): string {
  const path = originalUrl.split('?')[0];
  return path.length > 2_000 ? path.slice(0, 2_000) : path;
}

import { DomainError } from '@hourglass/contracts';

/**
 * The usage query of CONTRACTS §11 as a value: validated once, at the edge, with every problem
 * collected, so the adapter builds SQL only from checked values and bound parameters.
 */
export const GROUP_KEYS = ['customer', 'rental', 'operator', 'dataCenter', 'gpuModel', 'pricingClass'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export const WINDOWS = ['hour', 'day', 'month'] as const;
export type UsageWindow = (typeof WINDOWS)[number];

export const LIMIT_DEFAULT = 1_000;
export const LIMIT_MAX = 10_000;

/** Where the previous page stopped: the sort key of its last row. */
export interface UsageRowKey {
  windowStartMs: number;
  /** One value per group key, in the query's groupBy order. */
  groups: string[];
  /** '' when the query carries no amounts. */
  currency: string;
}

export interface UsageQuery {
  fromMs: number;
  toMs: number;
  window: UsageWindow;
  /** An IANA zone name; windows start at local midnight, the local hour or the 1st of the month. */
  tz: string;
  groupBy: GroupKey[];
  filters: Partial<Record<GroupKey, string>>;
  limit: number;
  after: UsageRowKey | null;
}

export interface UsageRow {
  windowStartMs: number;
  windowEndMs: number;
  groups: Partial<Record<GroupKey, string>>;
  /** GPU count × covered milliseconds: exact, the quantity invoices are computed from. */
  gpuMs: bigint;
  /** Exact rated charge (unrounded), when the query is grouped by customer or rental. */
  amount: string | null;
  currency: string | null;
  /** Reported GPU utilisation, weighted by GPU count × duration, as a decimal string; null where no event reported it. */
  gpuUtilizationPct?: string | null;
  /** Reported energy, summed, in Wh as a decimal string; null where no event reported it. */
  energyWh?: string | null;
}

export type UsageQueryErrorReason = 'invalid_query' | 'query_too_large' | 'invalid_cursor';

/** Answered 400 with `{reason, message, errors}` (the kernel's reason table). */
export class UsageQueryError extends DomainError {
  constructor(
    override readonly reason: UsageQueryErrorReason,
    message: string,
    readonly errors: string[] = [message],
  ) {
    super(reason, message, { errors });
  }
}

/** Amounts come from rated_usage, which is kept per rental: they add up by customer or rental. */
export function carriesAmounts(groupBy: readonly GroupKey[]): boolean {
  return groupBy.includes('customer') || groupBy.includes('rental');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;
const KEY_VALUE_MAX = 256;

function instant(name: string, raw: unknown, errors: string[]): number {
  if (typeof raw !== 'string' || raw === '') {
    errors.push(`${name} is required: an ISO instant with an offset, e.g. 2026-11-01T00:00:00Z`);
    return NaN;
  }
  const ms = Date.parse(raw);
  if (!INSTANT.test(raw) || !Number.isFinite(ms)) errors.push(`${name}=${raw} is not an ISO instant with an offset (e.g. 2026-11-01T00:00:00Z)`);
  return ms;
}

/** Intl knows the same IANA names as ClickHouse's tzdata for every zone in use. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return /^[A-Za-z0-9_+\-/]+$/.test(tz);
  } catch {
    return false;
  }
}

function list(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Query-string parameters to a UsageQuery; the cursor is decoded separately (it needs the rest). */
export function parseUsageQuery(params: Record<string, unknown>): Omit<UsageQuery, 'after'> & { cursor: string | null } {
  const errors: string[] = [];
  const fromMs = instant('from', params.from, errors);
  const toMs = instant('to', params.to, errors);
  if (Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs <= fromMs) errors.push(`to must be after from`);

  const window = (params.window ?? 'day') as UsageWindow;
  if (!WINDOWS.includes(window)) errors.push(`window=${String(params.window)}: use one of ${WINDOWS.join(', ')}`);

  const tz = typeof params.tz === 'string' && params.tz !== '' ? params.tz : 'UTC';
  if (!isTimeZone(tz)) errors.push(`tz=${tz} is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`);

  const groupBy: GroupKey[] = [];
  for (const name of list(params.groupBy)) {
    if (!GROUP_KEYS.includes(name as GroupKey)) errors.push(`groupBy ${name}: use any of ${GROUP_KEYS.join(', ')}`);
    else if (groupBy.includes(name as GroupKey)) errors.push(`groupBy ${name} is listed twice`);
    else groupBy.push(name as GroupKey);
  }

  const filters: Partial<Record<GroupKey, string>> = {};
  for (const key of GROUP_KEYS) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '' || value.length > KEY_VALUE_MAX) errors.push(`${key} must be one non-empty value of at most ${KEY_VALUE_MAX} characters`);
    else filters[key] = value;
  }

  let limit = LIMIT_DEFAULT;
  if (params.limit !== undefined) {
    limit = Number(params.limit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > LIMIT_MAX) errors.push(`limit must be a whole number from 1 to ${LIMIT_MAX}`);
  }

  const cursor = typeof params.cursor === 'string' && params.cursor !== '' ? params.cursor : null;
  if (errors.length > 0) throw new UsageQueryError('invalid_query', errors.join('; '), errors);
  return { fromMs, toMs, window, tz, groupBy, filters, limit, cursor };
}

import { UsageQueryError, type GroupKey, type UsageQuery, type UsageWindow } from './usage-query';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Limits that keep one request from scanning or returning more than an API call should. The span
 * bounds the usage rows read; windows × groups bounds the rows the aggregation holds. Refused up
 * front with a reason, instead of being left to time out.
 */
export const USAGE_BOUNDS = {
  /** Usage read per query: a year and a day (a leap year plus the day a zone shifts it). */
  spanMsMax: 367 * DAY_MS,
  /** Estimated result cells (windows × distinct groups) per query. */
  cellsMax: 1_000_000,
} as const;

/**
 * A deliberately rough guess of distinct values per key, for the estimate only: rentals are the
 * many, pricing classes the few. A key pinned by an equality filter counts once.
 */
const DISTINCT_GUESS: Record<GroupKey, number> = { rental: 100, customer: 50, operator: 10, dataCenter: 10, gpuModel: 5, pricingClass: 3 };

/** Shortest window of each kind (months are at least 28 days, a DST day 23 h), so the count is an upper bound. */
const WINDOW_MS_MIN: Record<UsageWindow, number> = { hour: HOUR_MS, day: 23 * HOUR_MS, month: 28 * DAY_MS };

export function windowsIn(query: Pick<UsageQuery, 'fromMs' | 'toMs' | 'window'>): number {
  return Math.ceil((query.toMs - query.fromMs) / WINDOW_MS_MIN[query.window]) + 1;
}

export function estimatedCells(query: Pick<UsageQuery, 'fromMs' | 'toMs' | 'window' | 'groupBy' | 'filters'>): number {
  return query.groupBy.reduce((cells, key) => cells * (query.filters[key] === undefined ? DISTINCT_GUESS[key] : 1), windowsIn(query));
}

export function checkBounds(query: Pick<UsageQuery, 'fromMs' | 'toMs' | 'window' | 'groupBy' | 'filters'>): void {
  const spanMs = query.toMs - query.fromMs;
  if (spanMs > USAGE_BOUNDS.spanMsMax) {
    throw new UsageQueryError('query_too_large', `from..to spans ${Math.ceil(spanMs / DAY_MS)} days; at most ${USAGE_BOUNDS.spanMsMax / DAY_MS} days per query: split it into several`);
  }
  const cells = estimatedCells(query);
  if (cells > USAGE_BOUNDS.cellsMax) {
    throw new UsageQueryError(
      'query_too_large',
      `about ${cells} windows × groups (${windowsIn(query)} ${query.window} windows, grouped by ${query.groupBy.join(', ') || 'nothing'}); ` +
        `at most ${USAGE_BOUNDS.cellsMax}: use a shorter span, a longer window, fewer groupBy keys, or a filter such as customer=…`,
    );
  }
}

import { carriesAmounts, GROUP_KEYS, type GroupKey, type UsageQuery, type UsageWindow } from '../domain';

/** The rentals view's column behind each group key and filter. */
export const GROUP_COLUMN: Record<GroupKey, string> = {
  customer: 'customer_id',
  rental: 'rental_id',
  operator: 'operator_id',
  dataCenter: 'datacenter_id',
  gpuModel: 'gpu_model',
  pricingClass: 'pricing_class',
};

/**
 * Every zone's hour, day and month boundaries in use today fall on a quarter hour of UTC (Nepal is
 * +05:45, Chatham +12:45): splitting covered time into UTC quarter hours and then asking which
 * window each quarter lies in is exact in every zone, including half-hour zones and DST days.
 */
const QUARTER_MS = 900_000;

export function windowStartSql(window: UsageWindow, t: string): string {
  switch (window) {
    case 'hour':
      return `toStartOfHour(${t}, {tz:String})`;
    case 'day':
      return `toStartOfDay(${t}, {tz:String})`;
    case 'month':
      return `toDateTime(toStartOfMonth(${t}, {tz:String}), {tz:String})`;
  }
}

/** The next window's start: past the longest window of the kind (25 h days, 31-day months) and back to its start. */
export function windowEndSql(window: UsageWindow, windowStart: string): string {
  switch (window) {
    case 'hour':
      return `toStartOfHour(${windowStart} + INTERVAL 90 MINUTE, {tz:String})`;
    case 'day':
      return `toStartOfDay(${windowStart} + INTERVAL 36 HOUR, {tz:String})`;
    case 'month':
      return `toDateTime(toStartOfMonth(${windowStart} + INTERVAL 45 DAY, {tz:String}), {tz:String})`;
  }
}

function rentalFilter(query: Pick<UsageQuery, 'filters'>): string {
  const conditions = GROUP_KEYS.filter((k) => query.filters[k] !== undefined).map((k) => `${GROUP_COLUMN[k]} = {f_${k}:String}`);
  return conditions.length ? conditions.join(' AND ') : '1';
}

/**
 * The union of a rental's accepted intervals as disjoint pieces: coveredPiecesSql of
 * libs/clickhouse (what billing runs) without its DISTINCT. The two give the same pieces: rows
 * sorted by (s, e), an exact repeat of an interval sees its twin's end as prev_end and drops out,
 * and repeats change no running max. Skipping the hash DISTINCT over every event of the span is
 * about half the query's time on a month of the demo (README). tests/integration/usage-query.test.ts
 * and tests/integration/usage-demo-month.test.ts hold it to the invoices.
 */
export function usagePiecesSql(db: string, where: string): string {
  return `
    SELECT rental_id, greatest(s, prev_end) AS piece_start_ms, e AS piece_end_ms
    FROM (
      SELECT rental_id, s, e,
        max(e) OVER (PARTITION BY rental_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
      FROM (
        SELECT rental_id, toUnixTimestamp64Milli(interval_start) AS s, toUnixTimestamp64Milli(interval_end) AS e
        FROM ${db}.usage_outcomes
        WHERE outcome = 'accepted' AND (${where})
      )
    )
    WHERE e > greatest(s, prev_end)`;
}

export interface BuiltQuery {
  query: string;
  params: Record<string, unknown>;
}

/**
 * One page of GET /v1/usage. Covered time is the billing run's: usagePiecesSql's union of
 * accepted intervals (over the intervals that touch [from, to), which decides the union inside
 * it), clipped to the rental's current window and to [from, to), times its GPU count. Group keys
 * come from the rental's current document, as on the invoice. Amounts are the newest rating of
 * each (rental, UTC hour) in rated_usage, summed exactly, attributed to the window holding the
 * hour's start. Every value is a bound parameter; only column names chosen from GROUP_COLUMN and
 * the window kind shape the text.
 */
export function usagePageSql(db: string, query: UsageQuery, limit: number): BuiltQuery {
  const amounts = carriesAmounts(query.groupBy);
  const keys = query.groupBy.map((k) => GROUP_COLUMN[k]);
  const sortKeys = [...keys, ...(amounts ? ['currency'] : [])];
  const span = `fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')`;
  const spanEnd = `fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')`;
  const filtered = rentalFilter(query);
  const outcomeFilter = [
    `interval_end > ${span}`,
    `interval_start < ${spanEnd}`,
    ...(filtered === '1' ? [] : [`rental_id IN (SELECT rental_id FROM ${db}.rentals WHERE ${filtered})`]),
  ].join(' AND ');
  const bookCurrency = `(SELECT price_book_id, any(currency) AS currency FROM ${db}.price_book_versions GROUP BY price_book_id)`;
  const rentals = `(SELECT rental_id, customer_id, operator_id, datacenter_id, gpu_model, pricing_class, gpu_count, started_at, ended_at, price_book_id
      FROM ${db}.rentals WHERE ${filtered})`;
  const keyList = (prefix: string) => sortKeys.map((k) => `${prefix}${k}`);
  const groupCols = (extra: string[]) => [...extra, ...sortKeys].join(', ');

  // Pieces are summed per UTC quarter hour first, and only then is each quarter given its window
  // in the zone: the zone's calendar is computed once per quarter, not once per reported interval.
  const covered = `
    SELECT ${groupCols(['ws_ms'])}, sum(quarter_gpu_ms) AS gpu_ms
    FROM (
      SELECT ${sortKeys.length ? sortKeys.join(', ') + ', ' : ''}quarter_gpu_ms,
        toInt64(toUnixTimestamp(${windowStartSql(query.window, `toDateTime(intDiv(q_start_ms, 1000), {tz:String})`)})) * 1000 AS ws_ms
      FROM (
        SELECT ${sortKeys.length ? sortKeys.join(', ') + ', ' : ''}toInt64(q) * ${QUARTER_MS} AS q_start_ms,
          sum(toUInt64(least(end_ms, q_start_ms + ${QUARTER_MS}) - greatest(start_ms, q_start_ms)) * gpu_count) AS quarter_gpu_ms
        FROM (
          SELECT ${[...keys.map((k) => `r.${k} AS ${k}`), ...(amounts ? ["ifNull(b.currency, '') AS currency"] : [])].concat(['r.gpu_count AS gpu_count']).join(', ')},
            greatest(p.piece_start_ms, toUnixTimestamp64Milli(r.started_at), {fromMs:Int64}) AS start_ms,
            least(p.piece_end_ms, ifNull(toUnixTimestamp64Milli(r.ended_at), p.piece_end_ms), {toMs:Int64}) AS end_ms
          FROM (${usagePiecesSql(db, outcomeFilter)}) AS p
          INNER JOIN ${rentals} AS r ON r.rental_id = p.rental_id
          ${amounts ? `LEFT JOIN ${bookCurrency} AS b ON b.price_book_id = r.price_book_id` : ''}
          WHERE end_ms > start_ms
        )
        ARRAY JOIN range(toUInt64(intDiv(start_ms, ${QUARTER_MS})), toUInt64(intDiv(end_ms - 1, ${QUARTER_MS}) + 1)) AS q
        GROUP BY ${[...sortKeys, 'q'].join(', ')}
      )
    )
    GROUP BY ${groupCols(['ws_ms'])}`;

  const rated = `
    SELECT ${groupCols(['ws_ms'])}, sum(exact_amount) AS amount, 1 AS rated
    FROM (
      SELECT ${[...keys.map((k) => `r.${k} AS ${k}`), 'u.currency AS currency'].join(', ')}, u.exact_amount AS exact_amount,
        toInt64(toUnixTimestamp(${windowStartSql(query.window, `toDateTime(u.hour, {tz:String})`)})) * 1000 AS ws_ms
      FROM (
        SELECT rental_id, hour, currency, exact_amount FROM ${db}.rated_usage_versions
        WHERE hour >= ${span} AND hour < ${spanEnd}
          AND (rental_id, hour, rating_seq) IN (
            SELECT rental_id, hour, max(rating_seq) FROM ${db}.rated_usage_versions
            WHERE hour >= ${span} AND hour < ${spanEnd}
            GROUP BY rental_id, hour)
      ) AS u
      INNER JOIN ${rentals} AS r ON r.rental_id = u.rental_id
    )
    GROUP BY ${groupCols(['ws_ms'])}`;

  // Utilisation and energy as the agents reported them on accepted events (optional fields of
  // gpu.usage.v1): each event counted in the window holding its interval's start; utilisation
  // weighted by GPU count × duration, energy summed. Overlapping reports each count (they are
  // measurements, not covered time); an event that reported neither leaves them out.
  const telemetryFilter = [
    `outcome = 'accepted'`,
    `interval_start >= ${span}`,
    `interval_start < ${spanEnd}`,
    `(gpu_utilization_pct IS NOT NULL OR energy_wh IS NOT NULL)`,
    ...(filtered === '1' ? [] : [`rental_id IN (SELECT rental_id FROM ${db}.rentals WHERE ${filtered})`]),
  ].join(' AND ');
  // Summed per rental and UTC quarter hour first (one pass over the events, no join), then joined
  // to the rentals and given the zone's window once per quarter, as covered time is.
  const telemetry = `
    SELECT ${groupCols(['ws_ms'])},
      sum(tw.q_util_weighted) AS util_weighted, sum(tw.q_util_weight) AS util_weight,
      sum(tw.q_energy_wh) AS energy_wh, sum(tw.q_energy_reports) AS energy_reports
    FROM (
      SELECT ${[...keys.map((k) => `r.${k} AS ${k}`), ...(amounts ? ["ifNull(b.currency, '') AS currency"] : [])].join(', ')}${sortKeys.length ? ',' : ''}
        tq.q_util_weighted AS q_util_weighted, tq.q_util_weight AS q_util_weight, tq.q_energy_wh AS q_energy_wh, tq.q_energy_reports AS q_energy_reports,
        toInt64(toUnixTimestamp(${windowStartSql(query.window, `toDateTime(intDiv(tq.q_start_ms, 1000), {tz:String})`)})) * 1000 AS ws_ms
      FROM (
        SELECT rental_id, intDiv(toUnixTimestamp64Milli(interval_start), ${QUARTER_MS}) * ${QUARTER_MS} AS q_start_ms,
          sumIf(gpu_utilization_pct * weight, gpu_utilization_pct IS NOT NULL) AS q_util_weighted,
          sumIf(weight, gpu_utilization_pct IS NOT NULL) AS q_util_weight,
          sumIf(energy_wh, energy_wh IS NOT NULL) AS q_energy_wh,
          countIf(energy_wh IS NOT NULL) AS q_energy_reports
        FROM (
          SELECT rental_id, interval_start, gpu_utilization_pct, energy_wh,
            toFloat64(gpu_count) * toFloat64(toUnixTimestamp64Milli(interval_end) - toUnixTimestamp64Milli(interval_start)) AS weight
          FROM ${db}.usage_outcomes WHERE ${telemetryFilter}
        )
        GROUP BY rental_id, q_start_ms
      ) AS tq
      INNER JOIN ${rentals} AS r ON r.rental_id = tq.rental_id
      ${amounts ? `LEFT JOIN ${bookCurrency} AS b ON b.price_book_id = r.price_book_id` : ''}
    ) AS tw
    GROUP BY ${groupCols(['ws_ms'])}`;

  const afterKeys = ['window_start_ms', ...sortKeys];
  const afterParams = ['{a_ws:Int64}', ...sortKeys.map((_, i) => `{a_${i}:String}`)];
  const after = query.after === null ? '1' : `(${afterKeys.join(', ')}) > (${afterParams.join(', ')})`;
  const windowStart = `toDateTime(intDiv(c.ws_ms, 1000), {tz:String})`;
  const sql = `
    SELECT window_start_ms, window_end_ms, ${sortKeys.length ? sortKeys.join(', ') + ', ' : ''}gpu_ms${amounts ? ', amount, rated' : ''}, utilization_pct, energy_wh
    FROM (
      SELECT greatest(c.ws_ms, {fromMs:Int64}) AS window_start_ms,
        least(toInt64(toUnixTimestamp(${windowEndSql(query.window, windowStart)})) * 1000, {toMs:Int64}) AS window_end_ms,
        ${keyList('c.').map((k, i) => `${k} AS ${sortKeys[i]}`).join(', ')}${sortKeys.length ? ',' : ''}
        toString(c.gpu_ms) AS gpu_ms
        ${amounts ? ', toString(a.amount) AS amount, a.rated AS rated' : ''},
        if(t.util_weight > 0, toString(round(t.util_weighted / t.util_weight, 2)), NULL) AS utilization_pct,
        if(t.energy_reports > 0, toString(round(t.energy_wh, 3)), NULL) AS energy_wh
      FROM (${covered}) AS c
      ${amounts ? `LEFT JOIN (${rated}) AS a ON ${['ws_ms', ...sortKeys].map((k) => `a.${k} = c.${k}`).join(' AND ')}` : ''}
      LEFT JOIN (${telemetry}) AS t ON ${['ws_ms', ...sortKeys].map((k) => `t.${k} = c.${k}`).join(' AND ')}
    )
    WHERE ${after}
    ORDER BY ${afterKeys.join(', ')}
    LIMIT {limit:UInt32}`;

  const params: Record<string, unknown> = { fromMs: query.fromMs, toMs: query.toMs, tz: query.tz, limit };
  for (const k of GROUP_KEYS) if (query.filters[k] !== undefined) params[`f_${k}`] = query.filters[k];
  if (query.after !== null) {
    params.a_ws = query.after.windowStartMs;
    [...query.after.groups, ...(amounts ? [query.after.currency] : [])].forEach((v, i) => (params[`a_${i}`] = v));
  }
  return { query: sql, params };
}

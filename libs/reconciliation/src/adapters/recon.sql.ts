import { coveredPiecesSql } from '@hourglass/clickhouse';

/**
 * The SQL of reconciliation. Every value is a bound parameter; `db` is the quoted database name.
 * The heavy joins (covered time, ratings, invoice lines) run here; the decisions are the engine's.
 */
const FROM = `fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')`;
const TO = `fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')`;

export function settlementItemsSql(db: string, notClean = '1'): string {
  return `SELECT line_id, provider, category, payment_ref, merchant_ref, currency, toString(gross) AS gross, toString(fee) AS fee,
      toString(net) AS net, toUnixTimestamp64Milli(created_at) AS created_ms, payout_id
    FROM ${db}.psp_settlement_lines FINAL
    WHERE created_at >= ${FROM} AND created_at < ${TO} AND ${notClean}`;
}

export function capturedPaymentsSql(db: string, notClean = '1'): string {
  return `SELECT f.fact_id AS fact_id, f.provider AS provider, f.payment_ref AS payment_ref,
      if(f.invoice_id != '', f.invoice_id, r.invoice_id) AS invoice_id, if(f.customer_id != '', f.customer_id, r.customer_id) AS customer_id,
      f.currency AS currency, toString(f.amount) AS amount, toUnixTimestamp64Milli(f.occurred_at) AS occurred_ms
    FROM (
      SELECT * FROM ${db}.payment_facts FINAL
      WHERE kind = 'captured' AND provider IN ('stripe', 'adyen') AND occurred_at >= ${FROM} AND occurred_at < ${TO} AND ${notClean}
    ) AS f
    LEFT JOIN (
      SELECT provider, payment_ref, any(invoice_id) AS invoice_id, any(customer_id) AS customer_id
      FROM ${db}.payment_refs FINAL GROUP BY provider, payment_ref
    ) AS r ON r.provider = f.provider AND r.payment_ref = f.payment_ref
    SETTINGS join_use_nulls = 0`;
}

/**
 * Invoices with two or more payments (captured or recorded), one of them in the span, with their
 * balances. Facts are grouped by the invoice they name; the few whose invoice is known only from
 * payment_refs are grouped once the payments module has written it into a later fact.
 */
export function invoicePaymentsSql(db: string): string {
  return `SELECT b.invoice_id AS invoice_id, b.customer_id AS customer_id, b.currency AS currency, toString(b.owed) AS owed,
      toString(b.amount_paid) AS paid, toString(b.amount_refunded) AS refunded,
      p.ids AS ids, p.providers AS providers, p.refs AS refs, p.amounts AS amounts, p.times AS times
    FROM (
      SELECT invoice_id, groupArray(fact_id) AS ids, groupArray(provider) AS providers, groupArray(payment_ref) AS refs,
        groupArray(toString(amount)) AS amounts, groupArray(toUnixTimestamp64Milli(occurred_at)) AS times
      FROM ${db}.payment_facts FINAL
      WHERE kind IN ('captured', 'recorded') AND invoice_id != ''
        AND invoice_id IN (
          SELECT invoice_id FROM ${db}.payment_facts WHERE kind IN ('captured', 'recorded') AND invoice_id != ''
          GROUP BY invoice_id HAVING uniqExact(fact_id) >= 2 AND countIf(occurred_at >= ${FROM} AND occurred_at < ${TO}) > 0)
      GROUP BY invoice_id
    ) AS p
    INNER JOIN ${db}.invoice_balances AS b ON b.invoice_id = p.invoice_id
    SETTINGS join_use_nulls = 0`;
}

/** Covered GPU-ms per (rental, UTC hour) of [from, to): coveredPiecesSql's union, clipped to the rental's window. */
function meteredHourlySql(db: string): string {
  return `
    SELECT rental_id, toInt64(h) * 3600000 AS hour_ms,
      toInt64(sum(least(end_ms, (h + 1) * 3600000) - greatest(start_ms, h * 3600000)) * any(gpu_count)) AS gpu_ms
    FROM (
      SELECT p.rental_id AS rental_id, r.gpu_count AS gpu_count,
        greatest(p.piece_start_ms, toUnixTimestamp64Milli(r.started_at), {fromMs:Int64}) AS start_ms,
        least(p.piece_end_ms, ifNull(toUnixTimestamp64Milli(r.ended_at), p.piece_end_ms), {toMs:Int64}) AS end_ms
      FROM (${coveredPiecesSql(db, `interval_end > ${FROM} AND interval_start < ${TO}`)}) AS p
      INNER JOIN ${db}.rentals AS r ON r.rental_id = p.rental_id
      WHERE end_ms > start_ms
    )
    ARRAY JOIN range(toUInt64(intDiv(start_ms, 3600000)), toUInt64(intDiv(end_ms - 1, 3600000) + 1)) AS h
    GROUP BY rental_id, h`;
}

function ratedHourlySql(db: string): string {
  return `
    SELECT rental_id, toUnixTimestamp64Milli(hour) AS hour_ms, toInt64(sum(gpu_ms)) AS gpu_ms
    FROM ${db}.rated_usage_versions
    WHERE hour >= ${FROM} AND hour < ${TO}
      AND (rental_id, hour, rating_seq) IN (
        SELECT rental_id, hour, max(rating_seq) FROM ${db}.rated_usage_versions
        WHERE hour >= ${FROM} AND hour < ${TO} GROUP BY rental_id, hour)
    GROUP BY rental_id, hour`;
}

const RENTAL_FACTS = (db: string) => `(
    SELECT r.rental_id AS rental_id, r.customer_id AS customer_id, r.pricing_class AS pricing_class, ifNull(b.currency, '') AS currency
    FROM ${db}.rentals AS r
    LEFT JOIN (SELECT price_book_id, any(currency) AS currency FROM ${db}.price_book_versions GROUP BY price_book_id) AS b ON b.price_book_id = r.price_book_id
  )`;

export function meteredRatedSql(db: string): string {
  return `SELECT d.rental_id AS rental_id, ifNull(f.customer_id, '') AS customer_id, ifNull(f.currency, '') AS currency, d.hour_ms AS hour_ms,
      d.metered AS metered, d.rated AS rated
    FROM (
      SELECT if(m.rental_id != '', m.rental_id, r.rental_id) AS rental_id, if(m.rental_id != '', m.hour_ms, r.hour_ms) AS hour_ms,
        m.gpu_ms AS metered, r.gpu_ms AS rated
      FROM (${meteredHourlySql(db)}) AS m
      FULL OUTER JOIN (${ratedHourlySql(db)}) AS r ON m.rental_id = r.rental_id AND m.hour_ms = r.hour_ms
      WHERE metered != rated
    ) AS d
    LEFT JOIN ${RENTAL_FACTS(db)} AS f ON f.rental_id = d.rental_id
    ORDER BY rental_id, hour_ms
    SETTINGS join_use_nulls = 0`;
}

/** Covered GPU-ms of the period per rental against its usage and adjustment lines for that service period. */
export function invoicedSql(db: string): string {
  return `SELECT d.rental_id AS rental_id, f.customer_id AS customer_id, if(d.inv_currency != '', d.inv_currency, f.currency) AS currency,
      d.metered AS metered, d.invoiced AS invoiced, d.invoice_ids AS invoice_ids
    FROM (
      SELECT if(m.rental_id != '', m.rental_id, i.rental_id) AS rental_id, m.gpu_ms AS metered, i.gpu_ms AS invoiced,
        i.invoice_ids AS invoice_ids, i.currency AS inv_currency
      FROM (SELECT rental_id, sum(gpu_ms) AS gpu_ms FROM (${meteredHourlySql(db)}) GROUP BY rental_id) AS m
      FULL OUTER JOIN (
        SELECT rental_id, toInt64(sum(gpu_ms)) AS gpu_ms, arraySort(groupUniqArray(invoice_id)) AS invoice_ids, any(currency) AS currency
        FROM ${db}.invoice_lines FINAL
        WHERE service_period = {period:String} AND kind IN ('usage', 'adjustment') AND rental_id != ''
          AND invoice_id NOT IN (SELECT invoice_id FROM ${db}.invoice_status WHERE status = 'void')
        GROUP BY rental_id
      ) AS i ON i.rental_id = m.rental_id
      WHERE metered != invoiced
    ) AS d
    INNER JOIN ${RENTAL_FACTS(db)} AS f ON f.rental_id = d.rental_id
    WHERE f.pricing_class != 'reserved'
    ORDER BY rental_id
    SETTINGS join_use_nulls = 0`;
}

export function periodBilledSql(db: string): string {
  return `SELECT count() AS n FROM ${db}.invoices FINAL WHERE period = {period:String}`;
}

/** Lines whose share + fee is not their amount, and operator statements that are not the sum of their lines. */
export function sharesSql(db: string): string {
  return `SELECT concat('line:', line_id) AS subject, currency, toString(amount) AS amount_s, toString(operator_share + platform_fee) AS parts_s,
      invoice_id, line_id, operator_id, '' AS statement_id
    FROM ${db}.invoice_lines FINAL
    WHERE period = {period:String} AND kind IN ('usage', 'reserved', 'adjustment') AND operator_share + platform_fee != amount
    UNION ALL
    SELECT concat('statement:', s.statement_id) AS subject, s.currency AS currency, toString(s.gross) AS amount_s,
      toString(l.shares + l.fees) AS parts_s, '' AS invoice_id, '' AS line_id, s.operator_id AS operator_id, s.statement_id AS statement_id
    FROM (SELECT * FROM ${db}.payout_statements FINAL WHERE period = {period:String}) AS s
    LEFT JOIN (
      SELECT operator_id, currency, sum(operator_share) AS shares, sum(platform_fee) AS fees, sum(amount) AS gross
      FROM ${db}.invoice_lines FINAL
      WHERE period = {period:String} AND kind IN ('usage', 'reserved', 'adjustment') AND operator_id != ''
      GROUP BY operator_id, currency
    ) AS l ON l.operator_id = s.operator_id AND l.currency = s.currency
    WHERE s.net != l.shares OR s.platform_fee != l.fees OR s.gross != l.gross
    SETTINGS join_use_nulls = 0`;
}

export function trialBalanceSql(db: string): string {
  return `SELECT currency, toString(sum(debit)) AS debits, toString(sum(credit)) AS credits FROM ${db}.ledger_entries FINAL GROUP BY currency ORDER BY currency`;
}

const STATUS = (db: string) => `(SELECT * FROM ${db}.recon_break_status)`;

export function breaksSql(db: string, where: string[]): string {
  return `SELECT b.break_id AS break_id, b.type AS type, b.period AS period, b.provider AS provider, b.currency AS currency,
      toString(b.amount) AS amount, b.delta_gpu_ms AS delta_gpu_ms, toUnixTimestamp64Milli(b.opened_at) AS opened_ms, b.refs AS refs,
      if(s.status = '', 'open', s.status) AS status, toUnixTimestamp64Milli(s.status_at) AS status_ms, s.actor AS actor, s.assignee AS assignee, s.reason AS reason
    FROM ${db}.recon_breaks AS b FINAL
    LEFT JOIN ${STATUS(db)} AS s ON s.break_id = b.break_id
    WHERE ${where.length ? where.join(' AND ') : '1'}
    ORDER BY b.break_id
    LIMIT {limit:UInt32}
    SETTINGS join_use_nulls = 0`;
}

const OPEN = (db: string) => `(
    SELECT b.type AS type, b.currency AS currency, b.amount AS amount, b.delta_gpu_ms AS delta_gpu_ms,
      greatest(0, {nowMs:Int64} - toUnixTimestamp64Milli(b.opened_at)) / 1000 AS age_s
    FROM ${db}.recon_breaks AS b FINAL
    LEFT JOIN ${STATUS(db)} AS s ON s.break_id = b.break_id
    WHERE s.status IN ('', 'open', 'assigned')
  )`;

export const AGE_BUCKET_SQL = `multiIf(age_s < 86400, '0-1d', age_s < 259200, '1-3d', age_s < 604800, '3-7d', age_s < 2592000, '7-30d', '30d+')`;

export function openAggregatesSql(db: string): string {
  return `SELECT type, ${AGE_BUCKET_SQL} AS age_bucket, currency, count() AS n, toString(sum(amount)) AS amount_s
    FROM ${OPEN(db)} GROUP BY type, age_bucket, currency ORDER BY type, age_bucket, currency SETTINGS join_use_nulls = 0`;
}

/** `bounds` are the code's own constants (numbers), written into the text: one countIf per bucket. */
export function ageHistogramSql(db: string, bounds: readonly number[]): string {
  const counts = bounds.map((b) => `countIf(age_s <= ${Number(b)})`).join(', ');
  return `SELECT [${counts}] AS buckets, sum(age_s) AS total, count() AS n FROM ${OPEN(db)} SETTINGS join_use_nulls = 0`;
}

export function accuracyDeltasSql(db: string): string {
  return `SELECT replaceOne(type, 'accuracy_', '') AS stage, sum(abs(delta_gpu_ms)) AS gpu_ms
    FROM ${OPEN(db)} WHERE type IN ('accuracy_metered_rated', 'accuracy_rated_invoiced') GROUP BY stage SETTINGS join_use_nulls = 0`;
}

/** A fee schedule as the SQL takes it: its minor-unit scale is the code's (a number, written into the text). */
export interface SqlFeeSchedule {
  provider: string;
  currency: string;
  percentage: string;
  fixed: string;
  tolerance: string;
  scale: number;
}

/**
 * The contracted fee of a line (`gross`, `provider`, `currency` columns) as SQL: round(|gross| × pct + fixed)
 * to the currency's minor units, away from zero (ClickHouse's rounding of Decimal, as roundToMinor does);
 * NULL without a schedule. `has` says whether a schedule applies, `ok` whether the fee is within its tolerance.
 */
export function feeSql(schedules: readonly SqlFeeSchedule[]): { expected: string; has: string; ok: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  if (schedules.length === 0) return { expected: 'CAST(NULL AS Nullable(Decimal(38, 12)))', has: '0', ok: '1', params };
  const conds: string[] = [];
  const fees: string[] = [];
  const tols: string[] = [];
  schedules.forEach((s, i) => {
    Object.assign(params, { [`sp${i}`]: s.provider, [`sc${i}`]: s.currency, [`spct${i}`]: s.percentage, [`sfix${i}`]: s.fixed, [`stol${i}`]: s.tolerance });
    conds.push(`(provider = {sp${i}:String} AND currency = {sc${i}:String})`);
    fees.push(`toDecimal128(round(abs(gross) * toDecimal128({spct${i}:String}, 12) + toDecimal128({sfix${i}:String}, 12), ${Number(s.scale)}), 12)`);
    tols.push(`toDecimal128({stol${i}:String}, 12)`);
  });
  const expected = `multiIf(${conds.map((c, i) => `${c}, ${fees[i]}`).join(', ')}, CAST(NULL AS Nullable(Decimal(38, 12))))`;
  const tolerance = `multiIf(${conds.map((c, i) => `${c}, ${tols[i]}`).join(', ')}, toDecimal128(0, 12))`;
  return { expected, has: `(${conds.join(' OR ')})`, ok: `(NOT ${`(${conds.join(' OR ')})`} OR abs(fee - assumeNotNull(${expected})) <= ${tolerance})`, params };
}

/**
 * The one-to-one pairs the exact rule takes as they stand: one charge line and one capture under a
 * (provider, payment reference), same currency and amount, within the rule's lag, the fee as the
 * contract says. ClickHouse joins them (the bulk of any month); the engine gets everything else.
 * Params: lineFromMs, lineToMs, payFromMs, payToMs, maxLagMs and the fee schedule's.
 */
export function cleanPairsSql(db: string, fee: { ok: string }): string {
  return `
    SELECT l.provider AS provider, l.payment_ref AS payment_ref, l.l_line AS line_id, l.l_payout AS payout_id, p.p_fact AS fact_id, l.l_currency AS currency,
      p.p_amount AS amount, l.l_gross AS gross, l.l_created AS created_at, p.p_occurred AS occurred_at
    FROM (
      SELECT provider, payment_ref, any(line_id) AS l_line, any(payout_id) AS l_payout, any(gross) AS l_gross, any(currency) AS l_currency, any(created_at) AS l_created, min(row_fee_ok) AS l_fee_ok
      FROM (
        SELECT provider, payment_ref, line_id, payout_id, gross, currency, created_at, ${fee.ok} AS row_fee_ok
        FROM ${db}.psp_settlement_lines
        WHERE category = 'charge' AND payment_ref != ''
          AND created_at >= fromUnixTimestamp64Milli({lineFromMs:Int64}, 'UTC') AND created_at < fromUnixTimestamp64Milli({lineToMs:Int64}, 'UTC')
      )
      GROUP BY provider, payment_ref HAVING uniqExact(line_id) = 1 AND l_fee_ok = 1
    ) AS l
    INNER JOIN (
      SELECT provider, payment_ref, any(fact_id) AS p_fact, any(amount) AS p_amount, any(currency) AS p_currency, any(occurred_at) AS p_occurred
      FROM ${db}.payment_facts
      WHERE kind = 'captured' AND provider IN ('stripe', 'adyen')
        AND occurred_at >= fromUnixTimestamp64Milli({payFromMs:Int64}, 'UTC') AND occurred_at < fromUnixTimestamp64Milli({payToMs:Int64}, 'UTC')
      GROUP BY provider, payment_ref HAVING uniqExact(fact_id) = 1
    ) AS p ON p.provider = l.provider AND p.payment_ref = l.payment_ref
    WHERE l.l_currency = p.p_currency AND l.l_gross = p.p_amount
      AND toUnixTimestamp64Milli(l.l_created) - toUnixTimestamp64Milli(p.p_occurred) <= {maxLagMs:Int64}`;
}

/**
 * The clean pairs recorded as matches of the exact rule, grouped: one row per PSP payout, currency and
 * booking day holds that group's one-to-one matches as parallel arrays (`left_ids[i]` ↔ `right_ids[i]`,
 * and in the evidence `paymentRefs[i]`, `amounts[i]`, `lagDays[i]`), so each match keeps its rule and
 * evidence (`ARRAY JOIN left_ids, right_ids`) while a million matches are a few hundred rows: writing
 * them one row each was most of a large run's time (README "Where the work runs"). The group's id
 * derives from the rule, period and group, so a rerun rewrites the same row.
 */
export function insertCleanMatchesSql(db: string, fee: { ok: string }): string {
  return `INSERT INTO ${db}.recon_matches
    SELECT concat('mt_', substring(lower(hex(SHA256(concat({ruleId:String}, char(0), {period:String}, char(0), provider, char(0), payout_id, char(0), currency, char(0), toString(day))))), 1, 24)),
      {period:String}, 'settlement_payment', {ruleId:String}, 'exact', '1:1', groupArray(fact_id), groupArray(line_id), currency, sum(amount), sum(gross), toDecimal128(0, 12),
      concat('{"group":{"provider":', toJSONString(provider), ',"payoutId":', toJSONString(payout_id), ',"day":"', toString(day), '","pairs":', toString(count()),
        '},"paymentRefs":', toJSONString(groupArray(payment_ref)), ',"amounts":', toJSONString(groupArray(toString(amount))),
        ',"lagDays":', toJSONString(groupArray(round((toUnixTimestamp64Milli(created_at) - toUnixTimestamp64Milli(occurred_at)) / 86400000, 2))),
        ',"rule":"same key, currency and amount; within the lag; fee as contracted","feeAsContracted":true,"path":"sql"}'),
      fromUnixTimestamp64Milli({atMs:Int64}, 'UTC')
    FROM (SELECT *, toDate(created_at) AS day FROM (${cleanPairsSql(db, fee)}))
    GROUP BY provider, payout_id, currency, day`;
}

/**
 * The clean pairs this run recorded (matched_at is the run's instant, path sql): how many, and which
 * lines and captures the engine need not read. Params: period, ruleId, atMs.
 */
const THIS_RUN = (db: string) => `${db}.recon_matches
    WHERE period = {period:String} AND rule_id = {ruleId:String} AND pair = 'settlement_payment'
      AND matched_at = fromUnixTimestamp64Milli({atMs:Int64}, 'UTC') AND position(evidence, '"path":"sql"') > 0`;

export function cleanCountSql(db: string): string {
  return `SELECT sum(length(left_ids)) AS n FROM ${THIS_RUN(db)}`;
}

export function notCleanLinesSql(db: string): string {
  return `line_id NOT IN (SELECT arrayJoin(right_ids) FROM ${THIS_RUN(db)})`;
}

export function notCleanPaymentsSql(db: string): string {
  return `fact_id NOT IN (SELECT arrayJoin(left_ids) FROM ${THIS_RUN(db)})`;
}

/** Per PSP payout of the period: as payoutTotalsOf computes it. Params: fromMs, toMs and the fee schedule's. */
export function payoutTotalsSql(db: string, fee: { expected: string; has: string }): string {
  return `SELECT provider, payout_id, currency, countIf(category != 'payout') AS lines,
      toString(if(countIf(category = 'payout') > 0, -sumIf(net, category = 'payout'), sumIf(net, category != 'payout'))) AS paid_out,
      toString(sumIf(if(category = 'charge' AND ${fee.has}, gross - assumeNotNull(${fee.expected}), net), category != 'payout')) AS expected_net
    FROM ${db}.psp_settlement_lines FINAL
    WHERE payout_id != '' AND created_at >= ${FROM} AND created_at < ${TO}
    GROUP BY provider, payout_id, currency
    ORDER BY provider, payout_id, currency`;
}

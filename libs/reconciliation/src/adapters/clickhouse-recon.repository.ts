import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import { dec, minorUnits } from '@hourglass/money';
import type { InvoicedDiff, MeteredRatedDiff, SharesDiff, TrialBalanceRow } from '../domain/accuracy';
import { statusRank, type Break, type BreakEvent, type BreakStatus, type BreakType } from '../domain/breaks';
import type { InvoicePayments, Match, PaymentItem, PayoutTotal, PeriodWindow, SettlementItem } from '../domain/matching-engine';
import type { FeeSchedule } from '../domain/rules';
import type { LineCategory, ParsedReport } from '../domain/settlement-reports';
import type { BreakFilter, CleanPairs, CleanRun, OpenBreakAggregate, ReconStore, StoredBreak } from '../ports';
import {
  accuracyDeltasSql,
  ageHistogramSql,
  breaksSql,
  capturedPaymentsSql,
  feeSql,
  insertCleanMatchesSql,
  cleanCountSql,
  notCleanLinesSql,
  notCleanPaymentsSql,
  payoutTotalsSql,
  invoicedSql,
  invoicePaymentsSql,
  meteredRatedSql,
  openAggregatesSql,
  periodBilledSql,
  settlementItemsSql,
  sharesSql,
  trialBalanceSql,
} from './recon.sql';

type Row = Record<string, string>;
const CHUNK = 100_000;

/** Reconciliation's tables (migration 12) and the reads of payments', invoicing's, rating's and the ledger's. */
export class ClickHouseReconRepository implements ReconStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  /** Compact rows: a million settlement lines cost half the bytes of JSONEachRow. */
  private async compact(query: string, params: Record<string, unknown>): Promise<unknown[][]> {
    const result = await this.client.query({ query, query_params: params, format: 'JSONCompactEachRow' });
    return result.json<unknown[]>();
  }

  /** With a token, each chunk carries `<token>:<n>`: the same file imported again inserts nothing. */
  private async insertChunked(table: string, rows: readonly object[], token?: string): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await insertRows(this.client, `${this.db}.${table}`, rows.slice(i, i + CHUNK), token === undefined ? undefined : `${token}:${i / CHUNK}`);
    }
  }

  async importReport(report: ParsedReport, fileName: string, atMs: number): Promise<{ alreadyImported: boolean }> {
    const [known] = await queryRows<Row>(this.client, `SELECT import_id FROM ${this.db}.psp_settlement_imports FINAL WHERE import_id = {id:String}`, { id: report.importId });
    // The lines first, the import record last: a crash between them is finished by importing again.
    // A line carried again (this file, or an overlapping report) has the same id and folds into one row.
    await this.insertChunked(
      'psp_settlement_lines',
      report.lines.map((l) => ({
          line_id: l.lineId,
          provider: l.provider,
          import_id: report.importId,
          line_no: l.lineNo,
          record_type: l.recordType,
          category: l.category,
          payment_ref: l.paymentRef,
          merchant_ref: l.merchantRef,
          currency: l.currency,
          gross: l.gross.toFixed(12),
          fee: l.fee.toFixed(12),
          net: l.net.toFixed(12),
          created_at: chDateTime(l.createdAtMs),
          payout_id: l.payoutId,
          raw: JSON.stringify(l.raw),
        })),
      report.importId,
    );
    if (!known) {
      await insertRows(this.client, `${this.db}.psp_settlement_imports`, [
        { import_id: report.importId, provider: report.provider, file_name: fileName, lines: report.lines.length, imported_at: chDateTime(atMs) },
      ]);
    }
    return { alreadyImported: known !== undefined };
  }

  private fee(schedules: readonly FeeSchedule[]) {
    return feeSql(schedules.map((s) => ({ ...s, scale: minorUnits(s.currency) })));
  }

  async recordCleanPairs(clean: CleanPairs, period: string, atMs: number): Promise<number> {
    const fee = this.fee(clean.schedules);
    const params = { ...fee.params, ruleId: clean.ruleId, maxLagMs: clean.maxLagMs, lineFromMs: clean.lineFromMs, lineToMs: clean.lineToMs, payFromMs: clean.payFromMs, payToMs: clean.payToMs, period, atMs };
    await this.client.command({ query: insertCleanMatchesSql(this.db, fee), query_params: params });
    const [row] = await queryRows<Row>(this.client, cleanCountSql(this.db), { period, ruleId: clean.ruleId, atMs });
    return Number(row?.n ?? 0);
  }

  async payoutTotals(period: PeriodWindow, schedules: readonly FeeSchedule[]): Promise<PayoutTotal[]> {
    const fee = this.fee(schedules);
    const rows = await queryRows<Row>(this.client, payoutTotalsSql(this.db, fee), { ...fee.params, fromMs: period.startMs, toMs: period.endMs });
    return rows.map((r) => ({ provider: r.provider!, payoutId: r.payout_id!, currency: r.currency!, lines: Number(r.lines), paidOut: dec(r.paid_out!), expectedNet: dec(r.expected_net!) }));
  }

  async settlementItems(fromMs: number, toMs: number, clean: CleanRun | null): Promise<SettlementItem[]> {
    const rows = await this.compact(settlementItemsSql(this.db, clean ? notCleanLinesSql(this.db) : '1'), { ...clean, fromMs, toMs });
    return rows.map((r) => ({
      lineId: r[0] as string,
      provider: r[1] as string,
      category: r[2] as LineCategory,
      paymentRef: r[3] as string,
      merchantRef: r[4] as string,
      currency: r[5] as string,
      gross: dec(r[6] as string),
      fee: dec(r[7] as string),
      net: dec(r[8] as string),
      createdAtMs: Number(r[9]),
      payoutId: r[10] as string,
    }));
  }

  async capturedPayments(fromMs: number, toMs: number, clean: CleanRun | null): Promise<PaymentItem[]> {
    const rows = await this.compact(capturedPaymentsSql(this.db, clean ? notCleanPaymentsSql(this.db) : '1'), { ...clean, fromMs, toMs });
    return rows.map((r) => ({
      paymentId: r[0] as string,
      provider: r[1] as string,
      paymentRef: r[2] as string,
      invoiceId: r[3] as string,
      customerId: r[4] as string,
      currency: r[5] as string,
      amount: dec(r[6] as string),
      occurredAtMs: Number(r[7]),
    }));
  }

  async invoicePayments(fromMs: number, toMs: number): Promise<InvoicePayments[]> {
    const rows = await queryRows<Record<string, string & string[]>>(this.client, invoicePaymentsSql(this.db), { fromMs, toMs });
    return rows.map((r) => ({
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      owed: dec(r.owed!),
      paid: dec(r.paid!),
      refunded: dec(r.refunded!),
      payments: (r.ids as string[]).map((id, i) => ({
        paymentId: id,
        provider: (r.providers as string[])[i]!,
        paymentRef: (r.refs as string[])[i]!,
        amount: dec((r.amounts as string[])[i]!),
        occurredAtMs: Number((r.times as string[])[i]),
      })),
    }));
  }

  async meteredRatedDiffs(period: PeriodWindow): Promise<MeteredRatedDiff[]> {
    const rows = await queryRows<Row>(this.client, meteredRatedSql(this.db), { fromMs: period.startMs, toMs: period.endMs });
    return rows.map((r) => ({
      rentalId: r.rental_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      hourMs: Number(r.hour_ms),
      meteredGpuMs: Number(r.metered),
      ratedGpuMs: Number(r.rated),
    }));
  }

  async invoicedDiffs(period: PeriodWindow): Promise<InvoicedDiff[]> {
    const [billed] = await queryRows<Row>(this.client, periodBilledSql(this.db), { period: period.id });
    if (!billed || Number(billed.n) === 0) return [];
    const rows = await queryRows<Record<string, string & string[]>>(this.client, invoicedSql(this.db), { fromMs: period.startMs, toMs: period.endMs, period: period.id });
    return rows.map((r) => ({
      rentalId: r.rental_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      meteredGpuMs: Number(r.metered),
      invoicedGpuMs: Number(r.invoiced),
      invoiceIds: r.invoice_ids as string[],
    }));
  }

  async sharesDiffs(period: PeriodWindow): Promise<SharesDiff[]> {
    const rows = await queryRows<Row>(this.client, sharesSql(this.db), { period: period.id });
    return rows.map((r) => ({
      subject: r.subject!,
      currency: r.currency!,
      amount: dec(r.amount_s!),
      sharesPlusFees: dec(r.parts_s!),
      refs: r.statement_id ? { statementId: r.statement_id, operatorId: r.operator_id } : { invoiceId: r.invoice_id, lineId: r.line_id, operatorId: r.operator_id },
    }));
  }

  async trialBalance(): Promise<TrialBalanceRow[]> {
    const rows = await queryRows<Row>(this.client, trialBalanceSql(this.db));
    return rows.map((r) => ({ currency: r.currency!, debits: dec(r.debits!), credits: dec(r.credits!) }));
  }

  async writeMatches(period: string, matches: readonly Match[], atMs: number): Promise<void> {
    const at = chDateTime(atMs);
    await this.insertChunked(
      'recon_matches',
      matches.map((m) => ({
        match_id: m.matchId,
        period,
        pair: m.pair,
        rule_id: m.ruleId,
        rule_kind: m.ruleKind,
        cardinality: m.cardinality,
        left_ids: m.leftIds,
        right_ids: m.rightIds,
        currency: m.currency,
        left_amount: m.leftAmount.toFixed(12),
        right_amount: m.rightAmount.toFixed(12),
        difference: m.difference.toFixed(12),
        evidence: JSON.stringify(m.evidence),
        matched_at: at,
      })),
    );
  }

  async writeBreaks(breaks: readonly Break[]): Promise<void> {
    await this.insertChunked(
      'recon_breaks',
      breaks.map((b) => ({
        break_id: b.breakId,
        type: b.type,
        period: b.period,
        provider: b.provider,
        currency: b.currency,
        amount: b.amount.toFixed(12),
        delta_gpu_ms: b.deltaGpuMs,
        opened_at: chDateTime(b.openedAtMs),
        refs: JSON.stringify(b.refs),
      })),
    );
  }

  async breakStatuses(period: string): Promise<Map<string, BreakStatus>> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT b.break_id AS break_id, if(s.status = '', 'open', s.status) AS status
       FROM (SELECT DISTINCT break_id FROM ${this.db}.recon_breaks WHERE period = {period:String}) AS b
       INNER JOIN ${this.db}.recon_break_status AS s ON s.break_id = b.break_id
       SETTINGS join_use_nulls = 0`,
      { period },
    );
    return new Map(rows.map((r) => [r.break_id!, r.status as BreakStatus]));
  }

  async appendEvents(events: readonly BreakEvent[]): Promise<void> {
    await this.insertChunked(
      'recon_break_events',
      events.map((e) => ({
        break_id: e.breakId,
        event_id: e.eventId,
        status: e.status,
        status_rank: statusRank(e.status),
        actor: e.actor,
        assignee: e.assignee,
        reason: e.reason,
        at: chDateTime(e.atMs),
      })),
    );
  }

  private toStored(r: Row): StoredBreak {
    return {
      breakId: r.break_id!,
      type: r.type as BreakType,
      period: r.period!,
      provider: r.provider!,
      currency: r.currency!,
      amount: dec(r.amount!),
      deltaGpuMs: Number(r.delta_gpu_ms),
      openedAtMs: Number(r.opened_ms),
      refs: JSON.parse(r.refs!) as StoredBreak['refs'],
      status: r.status as BreakStatus,
      statusAtMs: Number(r.status_ms),
      actor: r.actor!,
      assignee: r.assignee!,
      reason: r.reason!,
    };
  }

  async listBreaks(filter: BreakFilter): Promise<StoredBreak[]> {
    const where: string[] = [];
    if (filter.status) where.push(`if(s.status = '', 'open', s.status) = {status:String}`);
    if (filter.type) where.push('b.type = {type:String}');
    if (filter.period) where.push('b.period = {period:String}');
    if (filter.currency) where.push('b.currency = {currency:String}');
    if (filter.provider) where.push('b.provider = {provider:String}');
    if (filter.afterId) where.push('b.break_id > {afterId:String}');
    const rows = await queryRows<Row>(this.client, breaksSql(this.db, where), { ...filter, limit: filter.limit });
    return rows.map((r) => this.toStored(r));
  }

  async breakById(breakId: string): Promise<StoredBreak | null> {
    const [row] = await queryRows<Row>(this.client, breaksSql(this.db, ['b.break_id = {id:String}']), { id: breakId, limit: 1 });
    return row ? this.toStored(row) : null;
  }

  async eventById(breakId: string, eventId: string): Promise<BreakEvent | null> {
    const [r] = await queryRows<Row>(
      this.client,
      `SELECT break_id, event_id, status, actor, assignee, reason, toUnixTimestamp64Milli(at) AS at_ms FROM ${this.db}.recon_break_events FINAL
       WHERE break_id = {breakId:String} AND event_id = {eventId:String}`,
      { breakId, eventId },
    );
    return r ? { breakId: r.break_id!, eventId: r.event_id!, status: r.status as BreakStatus, actor: r.actor!, assignee: r.assignee!, reason: r.reason!, atMs: Number(r.at_ms) } : null;
  }

  async openBreakAggregates(nowMs: number): Promise<OpenBreakAggregate[]> {
    const rows = await queryRows<Row>(this.client, openAggregatesSql(this.db), { nowMs });
    return rows.map((r) => ({ type: r.type!, ageBucket: r.age_bucket!, currency: r.currency!, count: Number(r.n), amount: r.amount_s! }));
  }

  async openBreakAgeHistogram(nowMs: number, bounds: readonly number[]): Promise<{ buckets: number[]; sum: number; count: number }> {
    const [r] = await queryRows<{ buckets: Array<string | number>; total: string | number; n: string | number }>(this.client, ageHistogramSql(this.db, bounds), { nowMs });
    return { buckets: (r?.buckets ?? bounds.map(() => 0)).map(Number), sum: Number(r?.total ?? 0), count: Number(r?.n ?? 0) };
  }

  async accuracyDeltas(): Promise<Array<{ stage: string; gpuMs: number }>> {
    const rows = await queryRows<Row>(this.client, accuracyDeltasSql(this.db), { nowMs: 0 });
    return rows.map((r) => ({ stage: r.stage!, gpuMs: Number(r.gpu_ms) }));
  }
}

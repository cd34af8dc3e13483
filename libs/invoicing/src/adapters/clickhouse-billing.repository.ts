import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, coveredPiecesSql, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';
import { ClickHouseFactStore } from '@hourglass/kernel';
import { dec } from '@hourglass/money';
import { Period, type Span } from '@hourglass/time';
import { reservedKey, usageKey, type BilledReserved, type CreditGrant } from '../domain';
import type { BillingRepository, BillingRun, IssuedInvoice, UsageCutoff } from '../ports';
import {
  billingRunsTable,
  invoiceLinesTable,
  invoicesTable,
  invoiceStatusEventsTable,
  invoiceToRow,
  linesToRows,
  type RunRow,
} from './mapping';

export interface ClickHouseBillingRepositoryOptions {
  /**
   * Fault injection, for tests only (tests/faults/billing-crash.test.ts): sleep this long after a
   * run's invoice lines are written and before its headers are, so that a test can kill the process
   * at that known point. 0 (the default) in every real deployment.
   */
  pauseAfterLinesMs?: number;
}

/** Adapter only: queries and mapping; every decision is made in the domain. */
export class ClickHouseBillingRepository implements BillingRepository {
  private readonly facts: ClickHouseFactStore;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
    private readonly options: ClickHouseBillingRepositoryOptions = {},
  ) {
    this.facts = new ClickHouseFactStore(client, database);
  }

  private get db(): string {
    return '`' + this.database + '`';
  }

  async runs(period: string): Promise<BillingRun[]> {
    const rows = await queryRows<RunRow>(
      this.client,
      `SELECT * FROM ${this.db}.billing_runs FINAL WHERE period = {period:String} ORDER BY started_at, recorded_at`,
      { period },
    );
    return latestPerRun(rows.map(runFromRow));
  }

  async completedRuns(): Promise<BillingRun[]> {
    const rows = await queryRows<RunRow>(this.client, `SELECT * FROM ${this.db}.billing_runs FINAL WHERE status = 'completed' ORDER BY period`);
    return rows.map(runFromRow);
  }

  async unfinishedRuns(): Promise<BillingRun[]> {
    const rows = await queryRows<RunRow>(
      this.client,
      `SELECT * FROM ${this.db}.billing_runs FINAL
       WHERE status = 'started' AND run_id NOT IN (SELECT run_id FROM ${this.db}.billing_runs WHERE status = 'completed')
       ORDER BY period`,
    );
    return rows.map(runFromRow);
  }

  async recordRun(run: BillingRun): Promise<void> {
    // No token: each record is a new state of the run, and an exact re-record is folded by the table.
    await this.facts.append(billingRunsTable, [{ run, recordedAtMs: this.clock.nowMs() }], null);
  }

  async usageWatermark(): Promise<number> {
    const [row] = await queryRows<{ seq: string }>(this.client, `SELECT max(stream_seq) AS seq FROM ${this.db}.usage_outcomes`);
    return Number(row?.seq ?? 0);
  }

  async clickhouseNowMs(): Promise<number> {
    const [row] = await queryRows<{ ms: string }>(this.client, `SELECT toUnixTimestamp64Milli(now64(3)) AS ms`);
    return Number(row!.ms);
  }

  async coveredPieces(window: Span, cutoff: UsageCutoff, rentalIds?: readonly string[]): Promise<Map<string, Span[]>> {
    const filter = [
      'stream_seq <= {watermark:UInt64}',
      ...(cutoff.recordedBeforeMs === null ? [] : ["recorded_at <= fromUnixTimestamp64Milli({recordedBeforeMs:Int64}, 'UTC')"]),
      "interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')",
      "interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')",
      ...(rentalIds ? ['rental_id IN {rentalIds:Array(String)}'] : []),
    ].join(' AND ');
    const rows = await queryRows<{ rental_id: string; piece_start_ms: string; piece_end_ms: string }>(
      this.client,
      `SELECT rental_id, piece_start_ms, piece_end_ms FROM (${coveredPiecesSql(this.db, filter)}) ORDER BY rental_id, piece_start_ms`,
      { watermark: cutoff.watermark, recordedBeforeMs: cutoff.recordedBeforeMs ?? 0, fromMs: window.startMs, toMs: window.endMs, rentalIds: rentalIds ?? [] },
    );
    const out = new Map<string, Span[]>();
    for (const r of rows) {
      const list = out.get(r.rental_id) ?? [];
      list.push({ startMs: Number(r.piece_start_ms), endMs: Number(r.piece_end_ms) });
      out.set(r.rental_id, list);
    }
    return out;
  }

  async rentalsWithUsageAfter(window: Span, afterSeq: number, upToSeq: number, recordedAfterMs?: number | null): Promise<string[]> {
    // A replayed rejection (libs/metering) is written under its old sequence, below the floor, long
    // after the run: its recorded_at, on the clock that pinned the run's cut-off, finds it.
    const after = recordedAfterMs == null ? '' : " OR recorded_at > fromUnixTimestamp64Milli({recordedAfterMs:Int64}, 'UTC')";
    const rows = await queryRows<{ rental_id: string }>(
      this.client,
      `SELECT DISTINCT rental_id FROM ${this.db}.usage_outcomes
       WHERE outcome = 'accepted' AND (stream_seq > {afterSeq:UInt64}${after}) AND stream_seq <= {upToSeq:UInt64}
         AND interval_end > fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')
         AND interval_start < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')`,
      { afterSeq, upToSeq, recordedAfterMs: recordedAfterMs ?? 0, fromMs: window.startMs, toMs: window.endMs },
    );
    return rows.map((r) => r.rental_id);
  }

  async billedUsage(excludeRunId: string): Promise<Map<string, bigint>> {
    const rows = await queryRows<{ rental_id: string; price_book_version: number; service_period: string; gpu_ms: string }>(
      this.client,
      `SELECT rental_id, price_book_version, service_period, sum(gpu_ms) AS gpu_ms
       FROM ${this.db}.invoice_lines FINAL
       WHERE kind IN ('usage', 'adjustment') AND run_id != {run:String}
       GROUP BY rental_id, price_book_version, service_period`,
      { run: excludeRunId },
    );
    return new Map(rows.map((r) => [usageKey(r.rental_id, Number(r.price_book_version), r.service_period), BigInt(r.gpu_ms)]));
  }

  async billedReserved(excludeRunId: string): Promise<Map<string, BilledReserved>> {
    const rows = await queryRows<{ rental_id: string; service_period: string; gpu_count: number }>(
      this.client,
      `SELECT rental_id, service_period, argMax(gpu_count, (issued_at, line_no)) AS gpu_count
       FROM ${this.db}.invoice_lines AS l FINAL
       INNER JOIN (SELECT invoice_id, issued_at FROM ${this.db}.invoices FINAL) AS i ON i.invoice_id = l.invoice_id
       WHERE kind = 'reserved' AND run_id != {run:String}
       GROUP BY rental_id, service_period`,
      { run: excludeRunId },
    );
    return new Map(rows.map((r) => [reservedKey(r.rental_id, r.service_period), { gpuCount: Number(r.gpu_count) }]));
  }

  async creditGrants(excludeRunId: string): Promise<CreditGrant[]> {
    const rows = await queryRows<{
      grant_id: string;
      customer_id: string;
      currency: string;
      amount: string;
      priority: number;
      expires_at: string | null;
      granted_at: string;
      description: string;
      applied: string;
    }>(
      this.client,
      `SELECT g.grant_id AS grant_id, g.customer_id AS customer_id, g.currency AS currency, g.amount AS amount,
              g.priority AS priority, g.expires_at AS expires_at, g.granted_at AS granted_at, g.description AS description,
              ifNull(a.applied, 0) AS applied
       FROM ${this.db}.credit_grants AS g FINAL
       LEFT JOIN (
         SELECT credit_grant_id, -sum(amount) AS applied FROM ${this.db}.invoice_lines FINAL
         WHERE kind = 'credit' AND run_id != {run:String} GROUP BY credit_grant_id
       ) AS a ON a.credit_grant_id = g.grant_id
       SETTINGS join_use_nulls = 1`,
      { run: excludeRunId },
    );
    return rows.map((r) => ({
      grantId: r.grant_id,
      customerId: r.customer_id,
      currency: r.currency,
      amount: dec(r.amount),
      remaining: dec(r.amount).minus(dec(r.applied ?? '0')),
      priority: Number(r.priority),
      expiresAtMs: r.expires_at ? parseChDateTime(r.expires_at) : null,
      grantedAtMs: parseChDateTime(r.granted_at),
      description: r.description,
    }));
  }

  async maxInvoiceSeq(entity: string, year: number, excludeRunId: string): Promise<number> {
    const [row] = await queryRows<{ seq: string }>(
      this.client,
      `SELECT max(number_seq) AS seq FROM ${this.db}.invoices FINAL
       WHERE billing_entity = {entity:String} AND number_year = {year:UInt16} AND run_id != {run:String}`,
      { entity, year, run: excludeRunId },
    );
    return Number(row?.seq ?? 0);
  }

  async writeInvoices(invoices: readonly IssuedInvoice[], entity: string): Promise<void> {
    if (invoices.length === 0) return;
    const { startMs, endMs } = Period.parse(invoices[0]!.period);
    const runId = invoices[0]!.runId;
    // Lines first, headers second: an invoice header is only visible once all its lines are.
    // Tokens make the retry of a killed run (same ids, same rows, same chunks) a no-op per chunk.
    await this.facts.append(invoiceLinesTable, invoices.flatMap(linesToRows), `${runId}:lines`);
    if (this.options.pauseAfterLinesMs) await new Promise((resolve) => setTimeout(resolve, this.options.pauseAfterLinesMs));
    await this.facts.append(invoicesTable, invoices.map((inv) => invoiceToRow(inv, entity, startMs, endMs)), `${runId}:invoices`);
  }

  async writeStatusEvents(
    events: ReadonlyArray<{ invoiceId: string; status: string; atMs: number; reason: string; eventId: string }>,
    dedupToken: string,
  ): Promise<void> {
    const rows = events.map((e) => ({ invoice_id: e.invoiceId, status: e.status, at: chDateTime(e.atMs), reason: e.reason, event_id: e.eventId }));
    // A resumed run writes the same events again; the token keeps one physical copy.
    await this.facts.append(invoiceStatusEventsTable, rows, dedupToken);
  }

}

function runFromRow(r: RunRow): BillingRun {
  return billingRunsTable.fromRow(r).run;
}

function latestPerRun(runs: BillingRun[]): BillingRun[] {
  const byId = new Map<string, BillingRun>();
  for (const run of runs) {
    const known = byId.get(run.runId);
    if (!known || run.status === 'completed') byId.set(run.runId, run);
  }
  return [...byId.values()];
}

import type { ClickHouseClient } from '@clickhouse/client';
import type Big from 'big.js';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { MonthActivity } from '../domain/chargeback-rate';
import type { EvidenceCustomer, EvidenceInvoice, EvidencePayment, RentalTerms, UsageDay } from '../domain/evidence';
import type { DisputeEvent, DisputeProvider, DisputeStatus } from '../domain/lifecycle';
import type { DisputeLoss, DisputeLossReversal, LossLine } from '../domain/loss';
import type { DisputeEventFilter, DisputeEvents, DisputeRecords, EvidenceSources, EvidenceSubmission } from '../ports';
import {
  coveredDailySql,
  customerSql,
  disputeEventsSql,
  invoiceLinesSql,
  invoiceSql,
  monthActivitySql,
  paymentsSql,
  rentalsSql,
  reportedDailySql,
} from './disputes.sql';

type Row = Record<string, string | null>;
const s = (v: string | null | undefined) => v ?? '';
const n = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** The disputes module's ClickHouse reads and its tables (migrations 16 and 21); maps rows, decides nothing. */
export class ClickHouseDisputesRepository implements DisputeEvents, EvidenceSources, DisputeRecords {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private rows(sql: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    return queryRows<Row>(this.client, sql, params);
  }

  async events(filter: DisputeEventFilter, limit: number): Promise<DisputeEvent[]> {
    const where: string[] = [];
    if (filter.disputeId) where.push('dispute_id = {disputeId:String}');
    if (filter.customerId) where.push('customer_id = {customerId:String}');
    if (filter.invoiceId) where.push('invoice_id = {invoiceId:String}');
    const rows = await this.rows(disputeEventsSql(this.db, where), { ...filter, limit });
    return rows.map((r) => ({
      factId: s(r.fact_id),
      disputeId: s(r.dispute_id),
      provider: s(r.provider) as DisputeProvider,
      eventType: s(r.event_type),
      status: s(r.status) as DisputeStatus,
      pspStatus: s(r.psp_status),
      funds: s(r.funds) as DisputeEvent['funds'],
      reason: s(r.reason),
      paymentRef: s(r.payment_ref),
      invoiceId: s(r.invoice_id),
      customerId: s(r.customer_id),
      currency: s(r.currency),
      amount: dec(s(r.amount) || '0'),
      dueByMs: n(r.due_by_ms),
      occurredAtMs: Number(r.occurred_ms),
    }));
  }

  async customer(customerId: string): Promise<EvidenceCustomer | null> {
    const [r] = await this.rows(customerSql(this.db), { id: customerId });
    return r ? { customerId: s(r.customer_id), name: s(r.name), country: s(r.country) } : null;
  }

  async invoice(invoiceId: string): Promise<EvidenceInvoice | null> {
    const [r] = await this.rows(invoiceSql(this.db), { id: invoiceId });
    if (!r) return null;
    const lines = await this.rows(invoiceLinesSql(this.db), { id: invoiceId });
    return {
      invoiceId: s(r.invoice_id),
      number: s(r.number),
      period: s(r.period),
      periodStartMs: Number(r.start_ms),
      periodEndMs: Number(r.end_ms),
      issuedAtMs: Number(r.issued_ms),
      currency: s(r.currency),
      total: dec(s(r.total) || '0'),
      status: s(r.status),
      lines: lines.map((l) => ({
        lineNo: Number(l.line_no),
        kind: s(l.kind),
        rentalId: s(l.rental_id),
        servicePeriod: s(l.service_period),
        quantityGpuHours: s(l.quantity_gpu_hours),
        unitPrice: s(l.unit_price_text),
        amount: dec(s(l.amount) || '0'),
        description: s(l.description),
      })),
    };
  }

  async lossLines(invoiceId: string): Promise<LossLine[]> {
    const lines = await this.rows(invoiceLinesSql(this.db), { id: invoiceId });
    return lines.map((l) => ({ kind: s(l.kind), operatorId: s(l.operator_id), operatorShare: dec(s(l.operator_share) || '0'), platformFee: dec(s(l.platform_fee) || '0') }));
  }

  async rentals(rentalIds: readonly string[]): Promise<RentalTerms[]> {
    if (rentalIds.length === 0) return [];
    const rows = await this.rows(rentalsSql(this.db), { ids: rentalIds });
    return rows.map((r) => ({
      rentalId: s(r.rental_id),
      operatorId: s(r.operator_id),
      datacenterId: s(r.datacenter_id),
      nodeId: s(r.node_id),
      gpuModel: s(r.gpu_model),
      gpuCount: Number(r.gpu_count),
      pricingClass: s(r.pricing_class),
      priceBookId: s(r.price_book_id),
      startedAtMs: Number(r.started_ms),
      endedAtMs: n(r.ended_ms),
      commitment: r.commitment_term_months === null || r.commitment_term_months === undefined ? null : { termMonths: Number(r.commitment_term_months), autoRenew: String(r.commitment_auto_renew) === 'true' },
    }));
  }

  async usage(rentalIds: readonly string[], fromMs: number, toMs: number): Promise<UsageDay[]> {
    if (rentalIds.length === 0) return [];
    const params = { ids: rentalIds, fromMs, toMs };
    const [covered, reported, rentals] = await Promise.all([this.rows(coveredDailySql(this.db), params), this.rows(reportedDailySql(this.db), params), this.rentals(rentalIds)]);
    const nodeOf = new Map(rentals.map((r) => [r.rentalId, r.nodeId]));
    const reports = new Map(reported.map((r) => [`${s(r.day)}|${s(r.rental_id)}`, r]));
    return covered.map((c) => {
      const rep = reports.get(`${s(c.day)}|${s(c.rental_id)}`);
      return {
        day: s(c.day),
        rentalId: s(c.rental_id),
        nodeId: s(rep?.node_id) || nodeOf.get(s(c.rental_id)) || '',
        coveredMs: Number(c.covered_ms),
        gpuMs: Number(c.gpu_ms),
        avgUtilizationPct: n(rep?.util),
        energyWh: n(rep?.energy_wh),
        events: Number(rep?.events ?? 0),
      };
    });
  }

  async payments(invoiceId: string): Promise<EvidencePayment[]> {
    const rows = await this.rows(paymentsSql(this.db), { id: invoiceId });
    return rows.map((r) => ({ kind: s(r.kind), provider: s(r.provider), amount: dec(s(r.amount) || '0'), currency: s(r.currency), paymentRef: s(r.payment_ref), occurredAtMs: Number(r.occurred_ms) }));
  }

  async submission(disputeId: string, idempotencyKey: string): Promise<EvidenceSubmission | null> {
    const [r] = await this.rows(
      `SELECT dispute_id, idempotency_key, provider, submitted, status, content_sha256, toUnixTimestamp64Milli(submitted_at) AS at_ms
       FROM ${this.db}.dispute_evidence_submissions FINAL WHERE dispute_id = {disputeId:String} AND idempotency_key = {key:String} LIMIT 1`,
      { disputeId, key: idempotencyKey },
    );
    return r ? { disputeId: s(r.dispute_id), idempotencyKey: s(r.idempotency_key), provider: s(r.provider), submitted: String(r.submitted) === 'true' || String(r.submitted) === '1', status: s(r.status), contentSha256: s(r.content_sha256), submittedAtMs: Number(r.at_ms) } : null;
  }

  async firstSubmissions(disputeIds: readonly string[]): Promise<Map<string, number>> {
    if (disputeIds.length === 0) return new Map();
    const rows = await this.rows(
      `SELECT dispute_id, toUnixTimestamp64Milli(min(submitted_at)) AS at_ms FROM ${this.db}.dispute_evidence_submissions FINAL
       WHERE dispute_id IN {ids:Array(String)} AND submitted GROUP BY dispute_id`,
      { ids: disputeIds },
    );
    return new Map(rows.map((r) => [s(r.dispute_id), Number(r.at_ms)]));
  }

  async recordSubmission(x: EvidenceSubmission): Promise<void> {
    await insertRows(
      this.client,
      `${this.database}.dispute_evidence_submissions`,
      [{ dispute_id: x.disputeId, idempotency_key: x.idempotencyKey, provider: x.provider, submitted: x.submitted, status: x.status, content_sha256: x.contentSha256, submitted_at: chDateTime(x.submittedAtMs) }],
      `dispute-evidence:${x.disputeId}:${x.idempotencyKey}`,
    );
  }

  async lossesRecorded(disputeIds: readonly string[]): Promise<Map<string, Big>> {
    if (disputeIds.length === 0) return new Map();
    const rows = await this.rows(`SELECT dispute_id, toString(amount) AS amount FROM ${this.db}.dispute_loss_facts FINAL WHERE dispute_id IN {ids:Array(String)}`, { ids: disputeIds });
    return new Map(rows.map((r) => [s(r.dispute_id), dec(s(r.amount))]));
  }

  async lossReversalsRecorded(disputeIds: readonly string[]): Promise<Set<string>> {
    if (disputeIds.length === 0) return new Set();
    const rows = await this.rows(`SELECT DISTINCT dispute_id FROM ${this.db}.dispute_loss_reversals FINAL WHERE dispute_id IN {ids:Array(String)}`, { ids: disputeIds });
    return new Set(rows.map((r) => s(r.dispute_id)));
  }

  async recordLossReversal(r: DisputeLossReversal, recordedAtMs: number): Promise<void> {
    await insertRows(
      this.client,
      `${this.database}.dispute_loss_reversals`,
      [{ dispute_id: r.disputeId, provider: r.provider, invoice_id: r.invoiceId, currency: r.currency, amount: r.amount.toFixed(), outcome: r.outcome, occurred_at: chDateTime(r.occurredAtMs), recorded_at: chDateTime(recordedAtMs) }],
      `dispute-loss-reversal:${r.disputeId}`,
    );
  }

  async recordLoss(loss: DisputeLoss, recordedAtMs: number): Promise<void> {
    await insertRows(
      this.client,
      `${this.database}.dispute_loss_facts`,
      [
        {
          dispute_id: loss.disputeId,
          provider: loss.provider,
          invoice_id: loss.invoiceId,
          currency: loss.currency,
          amount: loss.amount.toFixed(),
          policy: loss.policy,
          clawback_operators: loss.clawbacks.map((c) => c.operatorId),
          clawback_amounts: loss.clawbacks.map((c) => c.amount.toFixed()),
          platform_amount: loss.platformAmount.toFixed(),
          occurred_at: chDateTime(loss.occurredAtMs),
          recorded_at: chDateTime(recordedAtMs),
        },
      ],
      `dispute-loss:${loss.disputeId}`,
    );
  }

  async announced(disputeIds: readonly string[]): Promise<Set<string>> {
    if (disputeIds.length === 0) return new Set();
    const ids = disputeIds.map((id) => `dispute.opened:${id}`);
    const rows = await this.rows(`SELECT DISTINCT id FROM ${this.db}.outbox WHERE id IN {ids:Array(String)}`, { ids });
    return new Set(rows.map((r) => s(r.id).slice('dispute.opened:'.length)));
  }

  async monthActivity(fromMs: number): Promise<MonthActivity[]> {
    const rows = await this.rows(monthActivitySql(this.db), { fromMs });
    return rows.map((r) => ({
      month: s(r.month),
      provider: s(r.provider),
      currency: s(r.currency),
      payments: Number(r.payments),
      paymentsAmount: dec(s(r.payments_amount) || '0'),
      disputes: Number(r.disputes),
      disputedAmount: dec(s(r.disputed) || '0'),
    }));
  }
}

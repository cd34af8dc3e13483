import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { Clock } from '@hourglass/contracts';
import type { CaseFacts, CustomerSuspension, DunningCandidate, DunningFact, DunningState, SuspensionAction, SuspensionFact } from '../domain';
import type { DunningFactStore, DunningMetricsSnapshot, DunningQueueRow, InvoiceBalance } from '../ports';
import { amountsSql, balancesSql, candidatesSql, casesByStateSql, openCasesSql, queueSql, recoverySecondsSql, suspendedCustomersSql, suspensionsSql } from './dunning.sql';
import { dunningFactToRow, msOrNull, suspensionToRow } from './mapping';

type Row = Record<string, string>;

/** `dunning_facts` and `suspension_facts` (migration 12), and reads of payments' and invoicing's views. Maps and stores; decides nothing. */
export class ClickHouseDunningRepository implements DunningFactStore {
  private readonly db: string;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
  ) {
    this.db = '`' + database + '`';
  }

  async candidates(limit: number): Promise<DunningCandidate[]> {
    const rows = await queryRows<Row>(this.client, candidatesSql(this.db), { limit });
    return rows.map((r) => ({ invoiceId: r.invoice_id!, customerId: r.customer_id!, currency: r.currency!, amountDue: r.amount_due!, failedAtMs: Number(r.failed_at_ms) }));
  }

  async balances(invoiceIds: readonly string[]): Promise<Map<string, InvoiceBalance>> {
    const out = new Map<string, InvoiceBalance>();
    for (let i = 0; i < invoiceIds.length; i += 1_000) {
      const rows = await queryRows<Row>(this.client, balancesSql(this.db), { ids: invoiceIds.slice(i, i + 1_000) });
      for (const r of rows) out.set(r.invoice_id!, { amountDue: dec(r.amount_due!), status: r.status! });
    }
    return out;
  }

  async write(facts: readonly DunningFact[]): Promise<void> {
    const now = this.clock.nowMs();
    // No dedup token: rows of the same fact id fold under FINAL (ReplacingMergeTree by fact_id).
    await insertRows(this.client, `${this.database}.dunning_facts`, facts.map((f) => dunningFactToRow(f, now)));
  }

  async openCases(limit: number): Promise<CaseFacts[]> {
    const rows = await queryRows<Row>(this.client, openCasesSql(this.db), { limit });
    return rows.map((r) => ({
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      segment: r.segment!,
      amountDue: r.amount!,
      failedAtMs: Number(r.failed_at_ms),
      startedAtMs: Number(r.started_at_ms),
      graceEndsAtMs: Number(r.grace_ends_at_ms),
      scheduleJson: r.schedule_json ?? '',
      attemptsMade: Number(r.attempts_made),
      lastAttemptAtMs: msOrNull(r.last_attempt_at_ms),
      nextAttemptAtMs: msOrNull(r.next_attempt_at_ms),
      state: r.state as DunningState,
    }));
  }

  async suspensions(): Promise<CustomerSuspension[]> {
    const rows = await queryRows<Row>(this.client, suspensionsSql(this.db));
    return rows.map((r) => ({ customerId: r.customer_id!, action: r.last_action as SuspensionAction, seq: Number(r.last_seq) }));
  }

  async writeSuspensions(facts: readonly SuspensionFact[]): Promise<void> {
    const now = this.clock.nowMs();
    await insertRows(this.client, `${this.database}.suspension_facts`, facts.map((f) => suspensionToRow(f, now)));
  }

  async queue(filter: { states: readonly DunningState[]; customerId?: string; afterInvoiceId?: string; limit: number }): Promise<DunningQueueRow[]> {
    const sql = queueSql(this.db, { states: filter.states.length > 0, customer: filter.customerId !== undefined, after: filter.afterInvoiceId !== undefined });
    const rows = await queryRows<Row>(this.client, sql, { states: filter.states, customerId: filter.customerId, after: filter.afterInvoiceId, limit: filter.limit });
    return rows.map((r) => ({
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      segment: r.segment!,
      currency: r.currency!,
      amountDue: dec(r.amount!),
      attempt: Number(r.attempts_made),
      attemptsMax: Number(r.attempts_max),
      nextAttemptAtMs: msOrNull(r.next_attempt_at_ms),
      state: r.state as DunningState,
      failedAtMs: Number(r.failed_at_ms),
      graceEndsAtMs: Number(r.grace_ends_at_ms),
      updatedAtMs: Number(r.updated_at_ms),
    }));
  }

  async metrics(): Promise<DunningMetricsSnapshot> {
    const [amounts, seconds, states, suspended] = await Promise.all([
      queryRows<Row>(this.client, amountsSql(this.db)),
      queryRows<Row>(this.client, recoverySecondsSql(this.db)),
      queryRows<Row>(this.client, casesByStateSql(this.db)),
      queryRows<Row>(this.client, suspendedCustomersSql(this.db)),
    ]);
    return {
      amounts: amounts.map((r) => ({ currency: r.currency!, failed: dec(r.failed!), recovered: dec(r.recovered!) })),
      recoverySeconds: seconds.map((r) => Number(r.seconds)),
      casesByState: states.map((r) => ({ state: r.state as DunningState, cases: Number(r.cases) })),
      suspendedCustomers: Number(suspended[0]?.n ?? 0),
    };
  }
}

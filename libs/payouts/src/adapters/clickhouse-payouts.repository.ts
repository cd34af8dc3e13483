import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, parseChDateTime, queryRows } from '@hourglass/clickhouse';
import type { Outbox, OutboxMessage } from '@hourglass/contracts';
import { dec } from '@hourglass/money';
import type { Operator } from '../operators/operator';
import type { KycFact } from '../kyc/kyc';
import type { InvoiceShare, ReserveTranche } from '../eligibility/eligibility';
import type { PayoutBatch, PayoutItem, PayoutStatus } from '../batches/payout-batch';
import type { RentalFacts } from '../statements/drilldown';
import type { EarningsSource, KycRepository, OperatorRepository, PayoutMoneyFact, PayoutStore, StatusChange } from '../ports';

type Row = Record<string, string>;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
const quoted = (db: string) => '`' + db + '`';

export class ClickHouseOperatorRepository implements OperatorRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly outbox: Outbox | null,
  ) {}

  /** Announcements first, documents second, as reference data does: a crash between still announces. */
  async append(operators: readonly Operator[], receivedAtMs: number, announcements: readonly OutboxMessage[]): Promise<void> {
    const token = `operators:${hash(operators.map((o) => `${o.operatorId}:${o.updatedAtMs}`).join('\n'))}`;
    if (announcements.length > 0 && this.outbox) await this.outbox.enqueue(announcements, token);
    await insertRows(
      this.client,
      `${this.database}.operator_versions`,
      operators.map((o) => ({
        operator_id: o.operatorId,
        name: o.name,
        country: o.country,
        iban: o.iban,
        bic: o.bic,
        payout_currency: o.payoutCurrency,
        updated_at: chDateTime(o.updatedAtMs),
        received_at: chDateTime(receivedAtMs),
        document: JSON.stringify(o),
      })),
      token,
    );
  }

  async loadCurrent(): Promise<Operator[]> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT operator_id, argMax(name, updated_at) AS v_name, argMax(country, updated_at) AS v_country, argMax(iban, updated_at) AS v_iban,
         argMax(bic, updated_at) AS v_bic, argMax(payout_currency, updated_at) AS v_currency, max(updated_at) AS v_updated_at
       FROM ${quoted(this.database)}.operator_versions FINAL GROUP BY operator_id ORDER BY operator_id`,
    );
    return rows.map((r) => ({ operatorId: r.operator_id!, name: r.v_name!, country: r.v_country!, iban: r.v_iban!, bic: r.v_bic!, payoutCurrency: r.v_currency!, updatedAtMs: parseChDateTime(r.v_updated_at!) }));
  }
}

export class ClickHouseKycRepository implements KycRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async append(facts: readonly KycFact[], recordedAtMs: number): Promise<void> {
    await insertRows(
      this.client,
      `${this.database}.kyc_facts`,
      facts.map((f) => ({ fact_id: f.factId, party_kind: f.kind, party_id: f.partyId, state: f.state, actor: f.actor, reason: f.reason, at: chDateTime(f.atMs), recorded_at: chDateTime(recordedAtMs) })),
      `kyc:${hash(facts.map((f) => f.factId).join('\n'))}`,
    );
  }

  async facts(filter: { kind?: string; partyId?: string }): Promise<KycFact[]> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT fact_id, party_kind, party_id, state, actor, reason, at FROM ${quoted(this.database)}.kyc_facts FINAL
       WHERE ({kind:String} = '' OR party_kind = {kind:String}) AND ({id:String} = '' OR party_id = {id:String})`,
      { kind: filter.kind ?? '', id: filter.partyId ?? '' },
    );
    return rows.map((r) => ({ factId: r.fact_id!, kind: r.party_kind as KycFact['kind'], partyId: r.party_id!, state: r.state as KycFact['state'], actor: r.actor!, reason: r.reason!, atMs: parseChDateTime(r.at!) }));
  }
}

function factRow(f: PayoutMoneyFact, recordedAtMs: number): Record<string, unknown> {
  return {
    fact_id: `${f.kind}:${f.refId}`,
    kind: f.kind,
    operator_id: f.operatorId,
    currency: f.currency,
    amount: f.amount.toFixed(),
    batch_id: f.batchId,
    bank_account_id: f.bankAccountId,
    base: f.base.toFixed(),
    release_at: f.releaseAtMs === null ? null : chDateTime(f.releaseAtMs),
    reason: f.reason,
    occurred_at: chDateTime(f.occurredAtMs),
    recorded_at: chDateTime(recordedAtMs),
  };
}

/** The current status of an item: its latest status row (paid → returned), else the one it was made with. */
const ITEMS_WITH_STATUS = (db: string) => `
  SELECT i.batch_id AS batch_id, i.operator_id AS operator_id, i.currency AS currency, toString(i.amount) AS amount,
    if(s.status = '', i.status, s.status) AS status, i.hold_reason AS hold_reason, i.end_to_end_id AS end_to_end_id,
    i.creditor_name AS creditor_name, i.creditor_iban AS creditor_iban, i.creditor_bic AS creditor_bic,
    i.creditor_country AS creditor_country, i.created_at AS created_at
  FROM ${db}.payout_items AS i FINAL
  LEFT JOIN (
    SELECT batch_id, operator_id, currency, argMax(status, multiIf(status = 'returned', 2, 1)) AS status
    FROM ${db}.payout_item_status FINAL GROUP BY batch_id, operator_id, currency
  ) AS s ON s.batch_id = i.batch_id AND s.operator_id = i.operator_id AND s.currency = i.currency
  SETTINGS join_use_nulls = 0`;

export class ClickHousePayoutStore implements PayoutStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly outbox: Outbox,
  ) {}

  private get db(): string {
    return quoted(this.database);
  }

  async batch(batchId: string): Promise<PayoutBatch | null> {
    const [header] = await queryRows<Row>(this.client, `SELECT batch_id, run_key, basis, created_at FROM ${this.db}.payout_batches FINAL WHERE batch_id = {id:String}`, { id: batchId });
    if (!header) return null;
    const rows = await queryRows<Row>(this.client, `SELECT * FROM (${ITEMS_WITH_STATUS(this.db)}) WHERE batch_id = {id:String} ORDER BY operator_id, currency`, { id: batchId });
    return {
      batchId: header.batch_id!,
      runKey: header.run_key!,
      basis: header.basis!,
      createdAtMs: parseChDateTime(header.created_at!),
      items: rows.map(
        (r): PayoutItem => ({
          batchId: r.batch_id!,
          operatorId: r.operator_id!,
          currency: r.currency!,
          amount: dec(r.amount!),
          status: r.status as PayoutStatus,
          holdReason: (r.hold_reason || null) as PayoutItem['holdReason'],
          endToEndId: r.end_to_end_id!,
          creditor: { name: r.creditor_name!, iban: r.creditor_iban!, bic: r.creditor_bic!, country: r.creditor_country! },
          createdAtMs: parseChDateTime(r.created_at!),
        }),
      ),
    };
  }

  async batches() {
    const rows = await queryRows<Row>(this.client, `SELECT batch_id, run_key, basis, created_at, items FROM ${this.db}.payout_batches FINAL ORDER BY created_at DESC, batch_id`);
    return rows.map((r) => ({ batchId: r.batch_id!, runKey: r.run_key!, basis: r.basis!, createdAtMs: parseChDateTime(r.created_at!), items: Number(r.items) }));
  }

  async createBatch(batch: PayoutBatch, facts: readonly PayoutMoneyFact[]): Promise<void> {
    await this.appendFacts(facts, batch.createdAtMs);
    await insertRows(
      this.client,
      `${this.database}.payout_items`,
      batch.items.map((i) => ({
        batch_id: i.batchId,
        operator_id: i.operatorId,
        currency: i.currency,
        amount: i.amount.toFixed(),
        status: i.status,
        hold_reason: i.holdReason ?? '',
        end_to_end_id: i.endToEndId,
        creditor_name: i.creditor.name,
        creditor_iban: i.creditor.iban,
        creditor_bic: i.creditor.bic,
        creditor_country: i.creditor.country,
        created_at: chDateTime(i.createdAtMs),
      })),
      `payout-items:${batch.batchId}:${hash(batch.items.map((i) => `${i.operatorId}:${i.currency}:${i.amount.toFixed()}`).join('\n'))}`,
    );
    await insertRows(
      this.client,
      `${this.database}.payout_batches`,
      [{ batch_id: batch.batchId, run_key: batch.runKey, basis: batch.basis, created_at: chDateTime(batch.createdAtMs), items: batch.items.length }],
      `payout-batch:${batch.batchId}`,
    );
  }

  /** Money fact, then the status row, then the event: a crash in between is finished by a retry (the same ids fold). */
  async recordStatus(change: StatusChange, fact: PayoutMoneyFact | null, events: readonly OutboxMessage[]): Promise<void> {
    if (fact) await this.appendFacts([fact], change.atMs);
    await insertRows(
      this.client,
      `${this.database}.payout_item_status`,
      [{ batch_id: change.batchId, operator_id: change.operatorId, currency: change.currency, status: change.status, reason: change.reason, actor: change.actor, at: chDateTime(change.atMs), recorded_at: chDateTime(change.atMs) }],
      `payout-status:${change.batchId}:${change.operatorId}:${change.currency}:${change.status}`,
    );
    if (events.length > 0) await this.outbox.enqueue(events, `payout-status:${change.batchId}:${change.operatorId}:${change.currency}:${change.status}`);
  }

  async appendFacts(facts: readonly PayoutMoneyFact[], recordedAtMs: number): Promise<void> {
    await insertRows(this.client, `${this.database}.payout_facts`, facts.map((f) => factRow(f, recordedAtMs)), `payout-facts:${hash(facts.map((f) => `${f.kind}:${f.refId}`).join('\n'))}`);
  }

  async tranches(): Promise<Array<ReserveTranche & { operatorId: string; currency: string }>> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT h.ref AS reserve_id, h.operator_id AS operator_id, h.currency AS currency, toString(h.amount) AS amount, toString(h.base) AS base,
         h.occurred_at AS held_at, h.release_at AS release_at, r.ref != '' AS released
       FROM (SELECT substring(fact_id, 14) AS ref, * FROM ${this.db}.payout_facts FINAL WHERE kind = 'reserve_held') AS h
       LEFT JOIN (SELECT substring(fact_id, 18) AS ref FROM ${this.db}.payout_facts FINAL WHERE kind = 'reserve_released') AS r ON r.ref = h.ref
       ORDER BY h.ref SETTINGS join_use_nulls = 0`,
    );
    return rows.map((r) => ({
      reserveId: r.reserve_id!,
      operatorId: r.operator_id!,
      currency: r.currency!,
      amount: dec(r.amount!),
      base: dec(r.base!),
      heldAtMs: parseChDateTime(r.held_at!),
      releaseAtMs: parseChDateTime(r.release_at!),
      released: String(r.released) === 'true' || String(r.released) === '1',
    }));
  }

  async clawbacks() {
    const rows = await queryRows<Row>(this.client, `SELECT operator_id, currency, toString(sum(amount)) AS amount FROM ${this.db}.payout_facts FINAL WHERE kind = 'clawback' GROUP BY operator_id, currency`);
    return rows.map((r) => ({ operatorId: r.operator_id!, currency: r.currency!, amount: dec(r.amount!) }));
  }

  async paidOrInFlight() {
    return (await this.itemTotals()).filter((t) => t.status === 'scheduled' || t.status === 'paid');
  }

  async itemTotals() {
    const rows = await queryRows<Row>(this.client, `SELECT operator_id, currency, status, toString(sum(toDecimal128(amount, 12))) AS amount FROM (${ITEMS_WITH_STATUS(this.db)}) GROUP BY operator_id, currency, status`);
    return rows.map((r) => ({ operatorId: r.operator_id!, currency: r.currency!, status: r.status as PayoutStatus, amount: dec(r.amount!) }));
  }
}

/** Reads invoicing's lines, payments' invoice balances and the ledger's lost-dispute postings by SQL. */
export class ClickHouseEarningsSource implements EarningsSource {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return quoted(this.database);
  }

  async shares(uptoPeriod: string): Promise<InvoiceShare[]> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT l.invoice_id AS invoice_id, l.operator_id AS operator_id, l.currency AS currency, toString(sum(l.operator_share)) AS share,
         toString(any(b.owed)) AS owed, toString(any(b.amount_paid)) AS paid
       FROM ${this.db}.invoice_lines AS l FINAL
       INNER JOIN ${this.db}.invoice_balances AS b ON b.invoice_id = l.invoice_id
       WHERE l.operator_id != '' AND l.period <= {upto:String} AND b.base_status != 'draft'
       GROUP BY l.invoice_id, l.operator_id, l.currency
       ORDER BY l.invoice_id, l.operator_id`,
      { upto: uptoPeriod },
    );
    return rows.map((r) => ({ invoiceId: r.invoice_id!, operatorId: r.operator_id!, currency: r.currency!, share: dec(r.share!), owed: dec(r.owed!), paid: dec(r.paid!) }));
  }

  async disputeClawbacks() {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT substring(account, 18) AS operator_id, currency, toString(sum(debit) - sum(credit)) AS amount
       FROM ${this.db}.ledger_entries FINAL
       WHERE startsWith(txn_id, 'dispute-lost:') AND startsWith(account, 'operator_payable:')
       GROUP BY account, currency`,
    );
    return rows.map((r) => ({ operatorId: r.operator_id!, currency: r.currency!, amount: dec(r.amount!) }));
  }

  async customerSpend(period: string) {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT customer_id, currency, toString(sum(total)) AS amount FROM ${this.db}.invoices FINAL WHERE period = {period:String} GROUP BY customer_id, currency ORDER BY customer_id`,
      { period },
    );
    return rows.map((r) => ({ customerId: r.customer_id!, currency: r.currency!, amount: dec(r.amount!) }));
  }

  async rentals(rentalIds: readonly string[]): Promise<RentalFacts[]> {
    if (rentalIds.length === 0) return [];
    const rows = await queryRows<Row>(
      this.client,
      `SELECT rental_id, argMax(customer_id, updated_at) AS v_customer, argMax(datacenter_id, updated_at) AS v_datacenter,
         argMax(node_id, updated_at) AS v_node, argMax(gpu_model, updated_at) AS v_model, argMax(gpu_count, updated_at) AS v_count
       FROM ${this.db}.rental_versions FINAL WHERE rental_id IN {ids:Array(String)} GROUP BY rental_id`,
      { ids: [...rentalIds] },
    );
    return rows.map((r) => ({ rentalId: r.rental_id!, customerId: r.v_customer!, datacenterId: r.v_datacenter!, nodeId: r.v_node!, gpuModel: r.v_model!, gpuCount: Number(r.v_count) }));
  }
}

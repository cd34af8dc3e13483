import type { ClickHouseClient } from '@clickhouse/client';
import type Big from 'big.js';
import { insertRows, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';
import { dec } from '@hourglass/money';
import type { CustomerCreditFact, DisputeFact, PaymentFact, PaymentRef, Provider } from '../domain';
import type { PaymentFactStore } from '../ports';
import { creditToRow, disputeFromRow, disputeToRow, paymentFromRow, paymentToRow, refFromRow, refToRow } from './mapping';

type Row = Record<string, string | null>;

/** Payment, dispute, reference and credit facts: appended with deterministic ids, read with FINAL. */
export class ClickHousePaymentFactsRepository implements PaymentFactStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private table(name: string): string {
    return `${this.database}.${name}`;
  }

  async writePayments(facts: readonly PaymentFact[]): Promise<void> {
    const now = this.clock.nowMs();
    await insertRows(this.client, this.table('payment_facts'), facts.map((f) => paymentToRow(f, now)));
  }

  async writeDisputes(facts: readonly DisputeFact[]): Promise<void> {
    const now = this.clock.nowMs();
    await insertRows(this.client, this.table('dispute_facts'), facts.map((f) => disputeToRow(f, now)));
  }

  async writeRefs(refs: readonly PaymentRef[]): Promise<void> {
    const now = this.clock.nowMs();
    await insertRows(this.client, this.table('payment_refs'), refs.filter((r) => r.paymentRef && r.invoiceId).map((r) => refToRow(r, now)));
  }

  async writeCredits(facts: readonly CustomerCreditFact[]): Promise<void> {
    const now = this.clock.nowMs();
    await insertRows(this.client, this.table('customer_credit_facts'), facts.map((f) => creditToRow(f, now)));
  }

  async ref(provider: Provider, paymentRef: string): Promise<PaymentRef | null> {
    const [row] = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.payment_refs FINAL WHERE provider = {p:String} AND payment_ref = {r:String} LIMIT 1`,
      { p: provider, r: paymentRef },
    );
    return row ? refFromRow(row) : null;
  }

  async paymentsOfInvoice(invoiceId: string): Promise<PaymentFact[]> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.payment_facts_resolved WHERE invoice_id = {id:String} ORDER BY occurred_at, fact_id
       SETTINGS output_format_json_quote_decimals = 1`,
      { id: invoiceId },
    );
    return rows.map(paymentFromRow);
  }

  async paymentByFactId(factId: string): Promise<PaymentFact | null> {
    const [row] = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.payment_facts_resolved WHERE fact_id = {id:String} LIMIT 1 SETTINGS output_format_json_quote_decimals = 1`,
      { id: factId },
    );
    return row ? paymentFromRow(row) : null;
  }

  async creditedForInvoice(invoiceId: string): Promise<Big> {
    const [row] = await queryRows<{ credited: string }>(
      this.client,
      `SELECT toString(sum(amount)) AS credited FROM ${this.db}.customer_credit_facts FINAL WHERE invoice_id = {id:String}`,
      { id: invoiceId },
    );
    return dec(row?.credited ?? '0');
  }

  async invoicesWithUnsettledCredit(limit: number): Promise<string[]> {
    const rows = await queryRows<{ invoice_id: string }>(
      this.client,
      `SELECT b.invoice_id AS invoice_id FROM ${this.db}.invoice_balances AS b
       LEFT JOIN (SELECT invoice_id, sum(amount) AS credited FROM ${this.db}.customer_credit_facts FINAL GROUP BY invoice_id) AS c
         ON c.invoice_id = b.invoice_id
       WHERE b.overpaid != c.credited
       ORDER BY b.invoice_id LIMIT {limit:UInt32}
       SETTINGS join_use_nulls = 0`,
      { limit },
    );
    return rows.map((r) => r.invoice_id);
  }

  async creditBalances(customerId: string): Promise<Array<{ currency: string; balance: Big }>> {
    const rows = await queryRows<{ currency: string; balance: string }>(
      this.client,
      `SELECT currency, toString(balance) AS balance FROM ${this.db}.customer_credit_balances WHERE customer_id = {c:String} ORDER BY currency`,
      { c: customerId },
    );
    return rows.map((r) => ({ currency: r.currency, balance: dec(r.balance) }));
  }

  async disputes(filter: { invoiceId?: string }): Promise<DisputeFact[]> {
    const rows = await queryRows<Row>(
      this.client,
      `SELECT * FROM ${this.db}.dispute_facts FINAL WHERE {id:String} = '' OR invoice_id = {id:String}
       ORDER BY occurred_at, fact_id SETTINGS output_format_json_quote_decimals = 1`,
      { id: filter.invoiceId ?? '' },
    );
    return rows.map(disputeFromRow);
  }
}

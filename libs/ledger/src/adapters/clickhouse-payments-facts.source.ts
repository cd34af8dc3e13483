import type { ClickHouseClient } from '@clickhouse/client';
import { parseChDateTime, queryRows } from '@hourglass/clickhouse';
import { dec } from '@hourglass/money';
import type { CustomerCreditMoved } from '../domain/templates';
import { TXN_PREFIX } from '../domain/txn-ids';
import type { DisputeFundsFact, PaymentReceivedFact, PaymentsFacts, RefundFact } from '../ports';
import { creditMovesSql, disputeFundsSql, paymentsReceivedSql, refundsSql } from './payments-facts.sql';

type Row = Record<string, string>;

/** Payments' facts as the ledger's feeds take them; maps rows, decides nothing. */
export class ClickHousePaymentsFacts implements PaymentsFacts {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  private get db(): string {
    return '`' + this.database + '`';
  }

  private rows(sql: string, params: Record<string, unknown>): Promise<Row[]> {
    return queryRows<Row>(this.client, sql, params);
  }

  async paymentsReceived(afterTxnId: string, limit: number): Promise<PaymentReceivedFact[]> {
    const rows = await this.rows(paymentsReceivedSql(this.db), { prefix: TXN_PREFIX.paymentCaptured, after: afterTxnId, limit });
    return rows.map((r) => ({
      factId: r.fact_id!,
      kind: r.kind as PaymentReceivedFact['kind'],
      provider: r.provider!,
      invoiceId: r.invoice_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      amount: dec(r.amount!),
      occurredAtMs: parseChDateTime(r.occurred_at!),
    }));
  }

  async refunds(afterTxnId: string, limit: number): Promise<RefundFact[]> {
    const rows = await this.rows(refundsSql(this.db), { prefix: TXN_PREFIX.refund, after: afterTxnId, limit });
    return rows.map((r) => ({
      factId: r.fact_id!,
      provider: r.provider!,
      customerId: r.customer_id!,
      currency: r.currency!,
      cumulativeKey: r.cumulative_key!,
      cumulativeAmount: dec(r.amount!),
      postedBefore: dec(r.posted_before!),
      occurredAtMs: parseChDateTime(r.occurred_at!),
    }));
  }

  async creditMoves(afterTxnId: string, limit: number): Promise<CustomerCreditMoved[]> {
    const rows = await this.rows(creditMovesSql(this.db), { prefix: TXN_PREFIX.customerCreditMoved, after: afterTxnId, limit });
    return rows.map((r) => ({
      factId: r.fact_id!,
      customerId: r.customer_id!,
      currency: r.currency!,
      amount: dec(r.amount!),
      movedAtMs: parseChDateTime(r.occurred_at!),
      causedBy: `customer_credit_facts:${r.fact_id!}`,
    }));
  }

  async disputeFunds(funds: DisputeFundsFact['funds'], afterTxnId: string, limit: number): Promise<DisputeFundsFact[]> {
    const prefix = funds === 'withdrawn' ? TXN_PREFIX.disputeOpened : TXN_PREFIX.disputeWon;
    const rows = await this.rows(disputeFundsSql(this.db), { prefix, settledPrefix: TXN_PREFIX.pspSettled, funds, after: afterTxnId, limit });
    return rows.map((r) => ({
      factId: r.fact_id!,
      disputeId: r.dispute_id!,
      provider: r.provider!,
      funds,
      currency: r.currency!,
      amount: dec(r.amount!),
      fee: dec(r.fee ?? '0'),
      occurredAtMs: parseChDateTime(r.occurred_at!),
    }));
  }
}

import { chDateTime, queryRows, type ClickHouseClient } from '@hourglass/clickhouse';
import type { FinanceSnapshot, FinanceSnapshotSource, InvoiceTotalsRow, PayoutTotalsRow } from '../ports';
import type { ReceivablesRow } from '../domain/dso';
import { invoiceTotalsSql, payoutTotalsSql, receivablesSql } from './finance-metrics.sql';

export class ClickHouseFinanceSnapshotSource implements FinanceSnapshotSource {
  private readonly db: string;

  constructor(
    private readonly client: ClickHouseClient,
    database: string,
  ) {
    this.db = '`' + database.replace(/`/g, '') + '`';
  }

  async read(nowMs: number, windowStartMs: number): Promise<FinanceSnapshot> {
    const [receivables, invoices, payouts] = await Promise.all([
      queryRows<ReceivablesRow>(this.client, receivablesSql(this.db), { now: chDateTime(nowMs), windowStart: chDateTime(windowStartMs) }),
      queryRows<InvoiceTotalsRow & { invoices: string }>(this.client, invoiceTotalsSql(this.db)),
      queryRows<PayoutTotalsRow>(this.client, payoutTotalsSql(this.db)),
    ]);
    return { receivables, invoices: invoices.map((r) => ({ ...r, invoices: Number(r.invoices) })), payouts };
  }
}
